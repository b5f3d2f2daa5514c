/**
 * The annual book's own pages: the cover and the contents (a table per outermost group, dotted leaders to the
 * page numbers) and every printed word of the book that is not a sheet's. Content only: src/render-pdf/book.ts
 * places the sheets, numbers the pages and makes the bookmarks.
 */
import type { Content, ContentText } from "pdfmake/interfaces.js";
import type {
  BookCover,
  BookEntry,
  BookLayout,
  BookPage,
  BookTemplate,
} from "../../src/forms/book-layout.js";
import { tag } from "../../src/forms/pdf-layout.js";
import { eraOfDate } from "../../src/model/era.js";

/** Every printed word of the book that is not a sheet's: Handlebars, compiled once like a form's templates. */
const BOOK_TEMPLATES = {
  coverYear: "{{fy year}}({{eraFiscalYear year}})",
  issuedDate: "{{year}}年({{eraName}}){{month}}月{{day}}日",
  issued: "{{date}} 発行",
  contentsHeading: "目次",
  missingHeading: "掲載できなかったシート",
  missingNote:
    "次のシートは、データの誤りなどのため掲載していません。理由は作成時に表示したメッセージをご覧ください。",
  missingBullet: "・",
  outlineContents: "目次",
  outlineSheet: "{{code}} {{title}}",
  outlineSheetOfForm: "{{code}} {{title}}({{form}})",
  metadataTitle: "{{title}} {{fy year}}({{eraFiscalYear year}})",
  metadataSubject: "{{subject}}",
  metadataKeywords: "{{fy year}}",
} as const;

type TemplateName = keyof typeof BOOK_TEMPLATES;
type T = BookTemplate<TemplateName>;

const COVER_STYLE = {
  year: { fontSize: 16, alignment: "center" },
  title: { fontSize: 26, bold: true, alignment: "center", lineHeight: 1.3 },
  subtitle: { fontSize: 16, alignment: "center", lineHeight: 1.3 },
  issued: { fontSize: 13, alignment: "center" },
  issuer: { fontSize: 16, alignment: "center" },
} as const;

const CONTENTS_STYLE = {
  heading: { fontSize: 16, bold: true, alignment: "center" },
  groups: [
    { fontSize: 10.5, bold: true },
    { fontSize: 9, bold: true },
  ],
  entry: { fontSize: 9 },
  note: { fontSize: 9 },
} as const;

const INDENT = 12;
/** The form's column, when a book holds several: wide enough for `評価表(2)` at the entries' size. */
const FORM_WIDTH = 52;
/** Width of a digit of the main font at 1 pt, in points (BIZ UDPGothic's digits are wide). */
const DIGIT_EM = 0.7;
/** Wide enough for any page number, so the numbers never change the length of the contents. */
const PAGE_WIDTH = 40;
const FOOTER_SIZE = 8;

/** `i`, `ii`, … `xiv`: the numbers of the cover and contents pages. */
export function romanNumeral(n: number): string {
  const table: [number, string][] = [
    [1000, "m"],
    [900, "cm"],
    [500, "d"],
    [400, "cd"],
    [100, "c"],
    [90, "xc"],
    [50, "l"],
    [40, "xl"],
    [10, "x"],
    [9, "ix"],
    [5, "v"],
    [4, "iv"],
    [1, "i"],
  ];
  let rest = n;
  let out = "";
  for (const [value, numeral] of table) {
    while (rest >= value) {
      out += numeral;
      rest -= value;
    }
  }
  return out;
}

function issuedText(iso: string, t: T): string {
  const [year, month, day] = iso.split("-").map(Number) as [number, number, number];
  const era = eraOfDate(year, month, day);
  const eraName = `${era.era.name}${era.year === 1 ? "元" : era.year}年`;
  return t("issued", { date: t("issuedDate", { year, eraName, month, day }) });
}

function cover(input: { year: number; cover: BookCover }, page: BookPage, t: T): Content {
  const { cover: c } = input;
  const lines: Content[] = [
    { text: t("coverYear", { year: input.year }), ...COVER_STYLE.year, margin: [0, 150, 0, 18] },
    tag({ text: c.title, ...COVER_STYLE.title }, "H1"),
  ];
  if (c.subtitle) lines.push({ text: c.subtitle, ...COVER_STYLE.subtitle, margin: [0, 14, 0, 0] });
  const bottom: Content[] = [];
  if (c.issued) bottom.push({ text: issuedText(c.issued, t), ...COVER_STYLE.issued, margin: [0, 0, 0, 10] });
  if (c.issuer) bottom.push({ text: c.issuer, ...COVER_STYLE.issuer });
  // Date and issuer sit low on the page whatever the length of the title above.
  const [left, , , bottomMargin] = page.pageMargins;
  if (bottom.length > 0)
    lines.push({
      stack: bottom,
      absolutePosition: { x: left, y: page.height - bottomMargin - 150 },
    } as Content);
  return { stack: lines };
}

/** No frame; a dotted rule under each sheet's row leads the eye from its name to its page number. */
function contentsLayout(entryRows: ReadonlySet<number>) {
  return {
    hLineWidth: (i: number) => (entryRows.has(i - 1) ? 0.4 : 0),
    hLineColor: () => "#8c8c8c",
    hLineStyle: () => ({ dash: { length: 0.6, space: 1.6 } }),
    vLineWidth: () => 0,
    paddingLeft: () => 0,
    paddingRight: () => 0,
    paddingTop: () => 2.5,
    paddingBottom: () => 1.5,
  };
}

/**
 * The contents: one table per outermost group, whose first row (the group) repeats on a continued page, then
 * a row per inner group and per sheet. Sheets are in code order; a group is a run of consecutive sheets.
 */
function contents(entries: readonly BookEntry[], missing: readonly string[], t: T): Content {
  const blocks: Content[] = [
    tag(
      { text: t("contentsHeading"), ...CONTENTS_STYLE.heading, margin: [0, 0, 0, 14] } as ContentText,
      "H1",
    ),
  ];
  let table: { body: unknown[][]; headerRows: number; entryRows: Set<number> } | undefined;
  const depth = Math.max(0, ...entries.map((e) => e.groups.length));
  const longestCode = Math.max(1, ...entries.map((e) => e.code.length));
  const codeWidth = depth * INDENT + longestCode * DIGIT_EM * CONTENTS_STYLE.entry.fontSize + 8;
  let previous: readonly string[] = [];
  // The same measure may be listed once per form: then each row says its form, in a column of its own.
  const severalForms = new Set(entries.map((e) => e.form)).size > 1;
  const columns = severalForms ? 4 : 3;
  const widths = severalForms ? [codeWidth, "*", FORM_WIDTH, PAGE_WIDTH] : [codeWidth, "*", PAGE_WIDTH];
  const groupRow = (level: number, text: string) => {
    const style = CONTENTS_STYLE.groups[Math.min(level, CONTENTS_STYLE.groups.length - 1)];
    return [
      { text, ...style, colSpan: columns, margin: [level * INDENT, level === 0 ? 4 : 2, 0, 0] },
      ...Array.from({ length: columns - 1 }, () => ({ text: "" })),
    ];
  };
  const flush = () => {
    if (!table) return;
    const { body, headerRows, entryRows } = table;
    blocks.push({
      role: "TOC",
      table: { widths, body, headerRows, keepWithHeaderRows: headerRows },
      layout: contentsLayout(entryRows),
      margin: [0, 0, 0, 6],
    } as Content);
    table = undefined;
  };
  for (const e of entries) {
    const { groups } = e;
    let same = 0;
    while (same < groups.length && same < previous.length && groups[same] === previous[same]) same++;
    if (!table || (same === 0 && groups.length > 0)) {
      flush();
      table = { body: [], headerRows: groups.length > 0 ? 1 : 0, entryRows: new Set() };
    }
    for (let level = same; level < groups.length; level++)
      table.body.push(groupRow(level, groups[level] as string));
    // A link per word would be one annotation per Japanese character: the code and the number carry it.
    const link = { linkToDestination: e.destination };
    table.entryRows.add(table.body.length);
    table.body.push([
      tag(
        {
          text: e.code,
          ...CONTENTS_STYLE.entry,
          noWrap: true,
          margin: [groups.length * INDENT, 0, 0, 0],
          ...link,
        },
        "Link",
      ),
      { text: e.title, ...CONTENTS_STYLE.entry },
      ...(severalForms
        ? [{ text: e.form, ...CONTENTS_STYLE.entry, noWrap: true, margin: [4, 0, 0, 0] }]
        : []),
      tag({ text: String(e.page), ...CONTENTS_STYLE.entry, alignment: "right", ...link }, "Link"),
    ]);
    previous = groups;
  }
  flush();
  if (missing.length > 0) {
    blocks.push(
      tag(
        { text: t("missingHeading"), ...CONTENTS_STYLE.groups[0], margin: [0, 10, 0, 4] } as ContentText,
        "H2",
      ),
      { text: t("missingNote"), ...CONTENTS_STYLE.note, margin: [0, 0, 0, 4] },
      // A list as the sheets' bullets are (a bullet cell and a text cell a row): tagged `L`, `LI`, `Lbl`, `LBody`,
      // where pdfmake's own `ul` would draw its bullets as shapes outside the structure.
      {
        table: {
          widths: ["auto", "*"],
          body: missing.map((file) => [
            tag({ text: t("missingBullet"), ...CONTENTS_STYLE.note }, "Lbl"),
            tag({ text: file, ...CONTENTS_STYLE.note }, "LBody"),
          ]),
        },
        layout: "noBorders",
        margin: [INDENT, 0, 0, 0],
      } as Content,
    );
  }
  return { stack: blocks, pageBreak: "before" };
}

const layout: BookLayout<TemplateName> = {
  templates: BOOK_TEMPLATES,
  page: {
    pageSize: "A4",
    pageOrientation: "portrait",
    pageMargins: [57, 34, 34, 45],
    defaultStyle: { fontSize: 8, lineHeight: 1.25 },
  },
  footerFontSize: FOOTER_SIZE,
  cover,
  contents,
  frontPageNumber: romanNumeral,
};

export default layout;
