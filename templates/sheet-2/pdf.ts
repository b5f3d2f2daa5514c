/**
 * The PDF layout of 施策進行管理・評価表(2): the heading, the counts by 達成度, the 3ヶ年の総括 counts, then one
 * block per project (README.md in this folder). A4 portrait with the margins, fonts, sizes, rules and shading
 * of 評価票(1), so the two forms of a measure look alike. Every printed word comes from pdf-templates.ts or the
 * scales in model.ts.
 *
 * A project block is kept on one page (`unbreakable`) when it surely fits on one ({@link fitsOnAPage}):
 * pdfmake silently drops unbreakable content taller than a page, so a block that might be taller is left to
 * break between its rows instead, each row kept whole when it surely fits.
 */
import type { Content, ContentTable, CustomTableLayout, Style, TableCell } from "pdfmake/interfaces.js";
import { type CellMetrics, cellHeightBound, keepWithHeading } from "../../src/forms/pdf-kit.js";
import {
  HEADING_LEVEL,
  type PdfLayout,
  type PdfLayoutKit,
  type PdfSection,
  tag,
} from "../../src/forms/pdf-layout.js";
import {
  type Counts,
  measureTitle,
  type ProjectModel,
  ROW_KINDS,
  ROW_LABELS,
  type SheetModel,
} from "./model.js";
import { PDF_TEMPLATES, type PdfTemplateName } from "./pdf-templates.js";

const MM = 72 / 25.4;
/** [left (binding), top, right, bottom (footer inside)]: as 評価票(1). */
const PAGE_MARGINS: [number, number, number, number] = [20 * MM, 12 * MM, 12 * MM, 16 * MM];

const A4_WIDTH = 595.28;
const A4_HEIGHT = 841.89;
/** The height a page gives to content. */
export const CONTENT_HEIGHT = A4_HEIGHT - PAGE_MARGINS[1] - PAGE_MARGINS[3];
const CONTENT_WIDTH = A4_WIDTH - PAGE_MARGINS[0] - PAGE_MARGINS[2];
const FONT_SIZE = 8;
const LABEL_SIZE = 7.5;
const LINE_HEIGHT = 1.25;
const LABEL_FILL = "#e3e3e3";
const LINE = 0.5;
/** pdfmake puts a line's extra height below the glyphs: half of it goes on top so text sits centred. */
const CELL_PAD_TOP = 2 + ((LINE_HEIGHT - 1) * FONT_SIZE) / 2;
const CELL_PAD_BOTTOM = 2;
const CELL_PAD_X = 3;
/** What a column takes besides its text: both paddings and a rule. */
const COLUMN_EXTRA = 2 * CELL_PAD_X + LINE;
/** Space between two project blocks. */
const BLOCK_GAP = 6;

/** Bordered grid: thin black lines, small paddings. */
const GRID: CustomTableLayout = {
  hLineWidth: () => LINE,
  vLineWidth: () => LINE,
  hLineColor: () => "#000000",
  vLineColor: () => "#000000",
  paddingLeft: () => CELL_PAD_X,
  paddingRight: () => CELL_PAD_X,
  paddingTop: () => CELL_PAD_TOP,
  paddingBottom: () => CELL_PAD_BOTTOM,
};

/** The 3ヶ年の総括 table: a heavier line between its three groups. */
const SUMMARY_GRID: CustomTableLayout = {
  ...GRID,
  vLineWidth: (i: number, node: ContentTable) =>
    i > 0 && i < (node.table.widths?.length ?? 0) && i % 3 === 0 ? 1.2 : LINE,
};

const STYLE = {
  title: { fontSize: 13, bold: true, alignment: "center", margin: [0, 2, 0, 0] },
  heading: { fontSize: 9, bold: true, margin: [0, 7, 0, 2] },
  label: { fontSize: LABEL_SIZE },
  value: { fontSize: FONT_SIZE },
} as const satisfies Record<string, Style>;

type T = (name: PdfTemplateName, context?: object) => string;

function kitT(kit: PdfLayoutKit): T {
  return (name, context = {}) => kit.t(name, context);
}

/**
 * A fresh empty cell. pdfmake writes its layout state into the nodes it is given, so no node object may
 * appear twice in a document: a repeated one comes out blank the second time.
 */
const empty = (): TableCell => ({ text: "" });

/** Spread into a table node: a data table for screen readers (its label cells are its headers). */
const TABLE: object = tag({}, "Table");

/** A shaded label: a header cell of its table (for screen readers), of its column unless it labels a row. */
function label(
  text: string,
  extra: Partial<Record<string, unknown>> = {},
  scope: "Column" | "Row" = "Column",
): TableCell {
  return tag({ text, ...STYLE.label, fillColor: LABEL_FILL, ...extra } as TableCell, "TH", scope);
}

function value(text: string, extra: Partial<Record<string, unknown>> = {}): TableCell {
  return { text, ...STYLE.value, ...extra } as TableCell;
}

/** A count or a rating: centred, never wrapped (at most three characters). */
function figure(text: string): TableCell {
  return value(text, { alignment: "center", noWrap: true });
}

function heading(text: string): Content {
  return tag({ text, ...STYLE.heading, headlineLevel: HEADING_LEVEL }, "H2");
}

/** What a cell of this form adds to its lines (cellHeightBound). */
const CELL_METRICS: CellMetrics = {
  fontSize: FONT_SIZE,
  lineHeight: LINE_HEIGHT,
  extra: CELL_PAD_TOP + CELL_PAD_BOTTOM + LINE + 1,
};

/** An upper bound of a cell's height of this form; `width` is the text's room. */
export function cellHeight(cell: TableCell, width: number): number {
  return cellHeightBound(cell, width, CELL_METRICS);
}

/** A table whose column widths are known in points (the text's room), so its height can be bounded. */
interface SizedTable {
  widths: number[];
  body: TableCell[][];
}

/** `*` columns share what the fixed ones leave of the content width, as pdfmake shares it. */
function columnWidths(spec: (number | "*")[]): number[] {
  const fixed = spec.reduce<number>((w, c) => w + (c === "*" ? 0 : c), 0);
  const stars = spec.filter((c) => c === "*").length;
  const star = (CONTENT_WIDTH - LINE - spec.length * COLUMN_EXTRA - fixed) / Math.max(1, stars);
  return spec.map((c) => (c === "*" ? star : c));
}

function rowBound(row: TableCell[], widths: number[]): number {
  return Math.max(
    0,
    ...row.map((cell, i) => {
      const span = (cell as { colSpan?: number }).colSpan ?? 1;
      const room = widths.slice(i, i + span).reduce((a, b) => a + b, 0) + (span - 1) * COLUMN_EXTRA;
      return cellHeight(cell, room);
    }),
  );
}

/** An upper bound of the tables' height, stacked. */
export function tablesHeightBound(tables: readonly SizedTable[]): number {
  return tables.reduce((h, t) => h + t.body.reduce((r, row) => r + rowBound(row, t.widths), 0), 0);
}

/** Whether content of this bound surely fits on an empty page (with the space below a block). */
export function fitsOnAPage(bound: number): boolean {
  return bound + BLOCK_GAP < CONTENT_HEIGHT;
}

function header(m: SheetModel, t: T): PdfSection {
  const yearBox: Content = {
    ...TABLE,
    table: {
      widths: ["auto", "auto"],
      body: [
        [label(t("evaluationYearLabel"), {}, "Row"), value(t("evaluationYear", { year: m.evaluationYear }))],
      ],
    },
    layout: GRID,
  };
  const { code, name } = m.data.measure;
  const title = t("title", { formTitle: m.formTitle });
  return {
    id: "header",
    title,
    content: [
      {
        columns: [
          { width: 110, text: "" },
          tag({ width: "*", text: title, ...STYLE.title }, "H1"),
          {
            width: 110,
            stack: [
              {
                columns: [
                  { width: "*", text: "" },
                  { width: "auto", ...yearBox },
                ],
              },
            ],
          },
        ],
      },
      {
        ...TABLE,
        table: {
          widths: [44, "*"],
          body: [
            [
              label(t("measureLabel"), {}, "Row"),
              value("", {
                text:
                  name === undefined
                    ? [{ text: code, bold: true }]
                    : [{ text: code, bold: true }, "　", name],
              }),
            ],
          ],
        },
        layout: GRID,
        margin: [0, 6, 0, 0],
      },
    ],
  };
}

/** The counts by 達成度 (section 1): a row per level and the total. */
function achievementCounts(m: SheetModel, t: T): PdfSection {
  const c = m.achievement;
  const count = (n: number) => figure(t("count", { value: n }));
  const body: TableCell[][] = [
    [t("achievementLabel"), t("projectCountLabel"), t("priorityCountLabel")].map((l) =>
      label(l, { alignment: "center" }),
    ),
    ...c.rows.map((r) => [label(r.label, {}, "Row"), count(r.projects), count(r.priority)]),
    [label(t("totalLabel"), {}, "Row"), count(c.total.projects), count(c.total.priority)],
  ];
  return {
    id: "achievement",
    title: t("achievementLabel"),
    content: [
      {
        ...TABLE,
        table: { widths: [120, 36, 36], body, dontBreakRows: true },
        layout: GRID,
        margin: [0, 8, 0, 0],
      },
    ],
  };
}

/** The 3ヶ年の総括 (section 2): three groups side by side, each a level column and its two counts. */
function summary(m: SheetModel, t: T): PdfSection {
  const groups: [string, Counts][] = [
    [t("validityLabel"), m.validity],
    [t("effectivenessLabel"), m.effectiveness],
    [t("statusLabel"), m.status],
  ];
  const count = (n: number) => figure(t("count", { value: n }));
  const rows = Math.max(...groups.map(([, c]) => c.rows.length));
  const body: TableCell[][] = [
    groups.flatMap(([title], i) => [
      i === 0
        ? keepWithHeading(label(title, { colSpan: 3, alignment: "center" }))
        : label(title, { colSpan: 3, alignment: "center" }),
      empty(),
      empty(),
    ]),
    groups.flatMap(() => [
      label(""),
      label(t("projectCountLabel"), { alignment: "center" }),
      label(t("priorityCountLabel"), { alignment: "center" }),
    ]),
  ];
  for (let i = 0; i < rows; i++)
    body.push(
      groups.flatMap(([, c]) => {
        const r = c.rows[i];
        // The status scale has four levels to the others' five: its fifth row stays empty.
        return r
          ? [label(r.label, {}, "Row"), count(r.projects), count(r.priority)]
          : [empty(), empty(), empty()];
      }),
    );
  const title = t("summaryHeading");
  return {
    id: "summary",
    title,
    content: [
      heading(title),
      {
        ...TABLE,
        table: { widths: [48, 30, 30, 48, 30, 30, "*", 30, 30], body, headerRows: 2, dontBreakRows: true },
        layout: SUMMARY_GRID,
      },
    ],
  };
}

/** Column widths of a project block's tables (`*`: the rest); the first column holds the row labels. */
const LABEL_WIDTH = 64;
const NAME_SPEC: (number | "*")[] = [LABEL_WIDTH, "*", 32, "*"];
const OUTLINE_SPEC: (number | "*")[] = [LABEL_WIDTH, "*"];
const RATING_SPEC: (number | "*")[] = [LABEL_WIDTH, 14, 20, 14, 46, 14, 104, 14, "*", 16];

/** A project block's tables: name and division, outline, ratings, the year table. */
function blockTables(m: SheetModel, p: ProjectModel, t: T): SizedTable[] {
  const d = p.data;
  const rating = (n: number | string) => figure(t("rating", { value: n }));
  const yearSpec: (number | "*")[] = [LABEL_WIDTH, ...m.yearColumns.map((): "*" => "*")];
  return [
    {
      widths: columnWidths(NAME_SPEC),
      body: [
        [
          label(t("projectNameLabel"), {}, "Row"),
          value(d.name),
          label(t("divisionLabel"), {}, "Row"),
          value(d.division),
        ],
      ],
    },
    { widths: columnWidths(OUTLINE_SPEC), body: [[label(t("outlineLabel"), {}, "Row"), value(d.outline)]] },
    {
      widths: columnWidths(RATING_SPEC),
      body: [
        [
          label(t("achievementLabel"), {}, "Row"),
          rating(d.achievement),
          label(t("priorityLabel"), {}, "Row"),
          figure(d.priority ? t("priorityMark") : ""),
          label(t("validityLabel"), {}, "Row"),
          rating(d.validity),
          label(t("effectivenessLabel"), {}, "Row"),
          rating(d.effectiveness),
          label(t("statusLabel"), {}, "Row"),
          rating(d.status),
        ],
      ],
    },
    {
      widths: columnWidths(yearSpec),
      body: [
        [label(t("yearLabel")), ...m.yearColumns.map((c) => label(c.label, { alignment: "center" }))],
        ...ROW_KINDS.map((kind) => [
          label(ROW_LABELS[kind], {}, "Row"),
          ...p.cells[kind].map((text) => value(text ?? "")),
        ]),
      ],
    },
  ];
}

const SPECS = (m: SheetModel): (number | "*")[][] => [
  NAME_SPEC,
  OUTLINE_SPEC,
  RATING_SPEC,
  [LABEL_WIDTH, ...m.yearColumns.map((): "*" => "*")],
];

/**
 * One project's block. Kept on one page when it surely fits; otherwise its tables break between rows, and a
 * row is kept whole when it surely fits on a page. The first block carries the section's heading: inside the
 * block when it is kept whole, so that the two move to the next page together (a cell marked to keep its
 * heading company is no help there: pdfmake records the places of what is inside an unbreakable block on a
 * page of its own, so the heading rule cannot see where it went), before it and marked otherwise.
 */
function projectBlock(m: SheetModel, p: ProjectModel, t: T, title?: string): Content[] {
  const tables = blockTables(m, p, t);
  const specs = SPECS(m);
  const headingNode = title === undefined ? undefined : tag({ text: title, ...STYLE.heading }, "H2");
  const headingBound = headingNode === undefined ? 0 : (STYLE.heading.fontSize * LINE_HEIGHT + 9) * 2;
  const whole = fitsOnAPage(tablesHeightBound(tables) + headingBound);
  const stack: Content[] = tables.map((table, i) => ({
    ...TABLE,
    table: {
      // A fresh array for every table: pdfmake writes its measures into `widths`, so a shared one would carry
      // one table's (and one document's) widths into the next.
      widths: [...(specs[i] ?? [])],
      body: table.body,
      ...(table.body.every((row) => fitsOnAPage(rowBound(row, table.widths))) ? { dontBreakRows: true } : {}),
    },
    layout: GRID,
  }));
  if (headingNode === undefined || title === undefined)
    return [{ stack, ...(whole ? { unbreakable: true } : {}), margin: [0, 0, 0, BLOCK_GAP] }];
  if (whole) return [{ stack: [headingNode, ...stack], unbreakable: true, margin: [0, 0, 0, BLOCK_GAP] }];
  const firstRow = tables[0]?.body[0];
  if (firstRow?.[0]) firstRow[0] = keepWithHeading(firstRow[0]);
  return [heading(title), { stack, margin: [0, 0, 0, BLOCK_GAP] }];
}

function projects(m: SheetModel, t: T): PdfSection {
  const title = t("projectsHeading");
  return {
    id: "projects",
    title,
    content: m.projects.flatMap((p, i) => projectBlock(m, p, t, i === 0 ? title : undefined)),
  };
}

export const pdfLayout: PdfLayout<SheetModel> = {
  templates: PDF_TEMPLATES,
  // About four ordinary project blocks fit a page: 19 projects, the most seen on one published sheet, with
  // the counts take five or six pages; a sheet past this is built and reported.
  pageBudget: 8,
  pageSize: "A4",
  pageOrientation: "portrait",
  pageMargins: PAGE_MARGINS,
  defaultStyle: { fontSize: FONT_SIZE, lineHeight: LINE_HEIGHT },
  // Styles are spread into the nodes (STYLE) rather than named, as in 評価票(1): named styles are resolved
  // per word and cost layout time.
  styles: {},
  metadata: (m, kit) => {
    const t = kitT(kit);
    return {
      title: measureTitle(m),
      author: m.data.division ?? "",
      subject: t("metadataSubject", { formTitle: m.formTitle, year: m.evaluationYear }),
      keywords: m.data.measure.code,
    };
  },
  footerLabel: (m, kit) => kitT(kit)("footer", { formTitle: m.formTitle, code: m.data.measure.code }),
  sections: (m, kit) => {
    const t = kitT(kit);
    return [header(m, t), achievementCounts(m, t), summary(m, t), projects(m, t)];
  },
};
