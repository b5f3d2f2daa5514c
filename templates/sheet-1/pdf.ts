/**
 * The PDF layout of 施策進行管理・評価票(1): the model → pdfmake content, section by section in the order of
 * the form (see README.md in this folder). A4 portrait; the wider left margin is the binding side. Every
 * printed word comes from pdf-templates.ts. Nothing that can grow is `unbreakable`. The indicator, budget and
 * project tables repeat their header rows on a new page and keep each row whole (`dontBreakRows`), as a printed
 * form does, but only when every row is surely shorter than a page ({@link keepRowsWhole}): pdfmake silently
 * drops content that is kept whole and taller than a page, so a taller row is left to break.
 */
import type { Content, ContentTable, CustomTableLayout, Style, TableCell } from "pdfmake/interfaces.js";
import { type CellMetrics, cellHeightBound, keepWithHeading } from "../../src/forms/pdf-kit.js";
import {
  HEADING_LEVEL,
  type PdfLayout,
  type PdfLayoutKit,
  type PdfScope,
  type PdfSection,
  tag,
} from "../../src/forms/pdf-layout.js";
import type { CellValue, IndicatorSlot, SheetModel } from "./model.js";
import { PDF_TEMPLATES, type PdfTemplateName } from "./pdf-templates.js";
import type { TextBlock } from "./schema.js";

const MM = 72 / 25.4;
/** [left (binding), top, right, bottom (footer inside)]. */
const PAGE_MARGINS: [number, number, number, number] = [20 * MM, 12 * MM, 12 * MM, 16 * MM];

const A4_WIDTH = 595.28;
const A4_HEIGHT = 841.89;
/** The height a page gives to content. */
const CONTENT_HEIGHT = A4_HEIGHT - PAGE_MARGINS[1] - PAGE_MARGINS[3];
const CONTENT_WIDTH = A4_WIDTH - PAGE_MARGINS[0] - PAGE_MARGINS[2];
const FONT_SIZE = 8;
const LINE_HEIGHT = 1.25;
const LABEL_FILL = "#e3e3e3";
const LINE = 0.5;
/** pdfmake puts a line's extra height below the glyphs: half of it goes on top so text sits centred. */
const CELL_PAD_TOP = 2 + ((LINE_HEIGHT - 1) * FONT_SIZE) / 2;
const CELL_PAD_BOTTOM = 2;

/** Spread into a table node: a data table of the structure (its labels `TH`, its other cells `TD`). */
const TABLE: object = tag({}, "Table");

/** Bordered grid: thin black lines, small paddings. */
const GRID: CustomTableLayout = {
  hLineWidth: () => LINE,
  vLineWidth: () => LINE,
  hLineColor: () => "#000000",
  vLineColor: () => "#000000",
  paddingLeft: () => 3,
  paddingRight: () => 3,
  paddingTop: () => CELL_PAD_TOP,
  paddingBottom: () => CELL_PAD_BOTTOM,
};

/** The indicator table: a heavier line between the three slots. */
const INDICATOR_GRID: CustomTableLayout = {
  ...GRID,
  vLineWidth: (i: number, node: ContentTable) =>
    i > 0 && i < (node.table.widths?.length ?? 0) && i % 4 === 0 ? 1.2 : LINE,
};

/** Text blocks inside a cell: no lines, a little space between bullet items. */
const PLAIN: CustomTableLayout = {
  hLineWidth: () => 0,
  vLineWidth: () => 0,
  paddingLeft: () => 0,
  paddingRight: () => 0,
  paddingTop: () => 0,
  paddingBottom: (i: number, node: ContentTable) => (i < node.table.body.length - 1 ? 1.5 : 0),
};

const STYLE = {
  title: { fontSize: 13, bold: true, alignment: "center", margin: [0, 2, 0, 0] },
  heading: { fontSize: 9, bold: true, margin: [0, 7, 0, 2] },
  label: { fontSize: 7.5 },
  value: { fontSize: FONT_SIZE },
  small: { fontSize: 7 },
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

/** A shaded label: a header cell of its table, heading the cells to its right (`Row`) or below (`Column`). */
function label(
  text: string,
  extra: Partial<Record<string, unknown>> = {},
  scope: PdfScope = "Row",
): TableCell {
  return tag({ text, ...STYLE.label, fillColor: LABEL_FILL, ...extra } as TableCell, "TH", scope);
}

function value(text: string, extra: Partial<Record<string, unknown>> = {}): TableCell {
  return { text, ...STYLE.value, ...extra } as TableCell;
}

/** Width of an ASCII number in BIZ UDPGothic, in em (its digits are wide: `326,331` is about 4.7 em). */
const NUMBER_EM = 0.7;
const CELL_PAD_X = 6;

/**
 * A right-aligned number. One too wide for its column at the normal size is set smaller (down to 5 pt)
 * rather than wrapped: a number must never be split over two lines.
 */
function number(text: string, columnWidth?: number): TableCell {
  const natural = text.length * NUMBER_EM * FONT_SIZE;
  const room = columnWidth === undefined ? natural : columnWidth - CELL_PAD_X;
  const fontSize =
    natural <= room ? FONT_SIZE : Math.max(5, Math.floor((room / (text.length * NUMBER_EM)) * 2) / 2);
  return { text, ...STYLE.value, fontSize, alignment: "right" };
}

/** What a cell of this form adds to its lines (cellHeightBound). */
const CELL_METRICS: CellMetrics = {
  fontSize: FONT_SIZE,
  lineHeight: LINE_HEIGHT,
  extra: CELL_PAD_TOP + CELL_PAD_BOTTOM + 2,
};

/**
 * `dontBreakRows` for a table whose every row is surely shorter than what is left of a page under its repeated
 * header rows: the guard against pdfmake dropping a row kept whole and taller than a page. `columnWidths` are
 * the columns' least widths in points (a `*` column's share of the content width).
 */
export function keepRowsWhole(body: TableCell[][], headerRows: number, columnWidths: number[]): boolean {
  const rowBound = (row: TableCell[]) =>
    Math.max(
      0,
      ...row.map((cell, i) => {
        const span = (cell as { colSpan?: number }).colSpan ?? 1;
        const width = columnWidths.slice(i, i + span).reduce((a, b) => a + b, 0);
        return cellHeightBound(cell, width - CELL_PAD_X, CELL_METRICS);
      }),
    );
  const header = body.slice(0, headerRows).reduce((h, row) => h + rowBound(row), 0);
  return body.slice(headerRows).every((row) => header + rowBound(row) < CONTENT_HEIGHT);
}

function heading(text: string): Content {
  return tag({ text, ...STYLE.heading, headlineLevel: HEADING_LEVEL }, "H2");
}

/** A lead paragraph, then one row per bullet item with the ● hanging in its own column. */
function textBlock(block: TextBlock | undefined, t: T): Content {
  const rows: TableCell[][] = [];
  if (block?.lead !== undefined) rows.push([tag({ text: block.lead, colSpan: 2 }, "P"), empty()]);
  // Each item a list item: the ● its label, the text its body.
  for (const item of block?.items ?? [])
    rows.push([tag({ text: t("bullet") }, "Lbl"), tag({ text: item }, "LBody")]);
  if (rows.length === 0) return { text: "" };
  return { table: { widths: [FONT_SIZE + 1, "*"], body: rows }, layout: PLAIN, ...STYLE.value };
}

/** A two-column table of shaded labels and texts, as sections 2–4 of the form are. */
function labelledRows(rows: [string, Content][]): Content {
  return tag(
    {
      table: {
        widths: [92, "*"],
        body: rows.map(([l, c], i) => [i === 0 ? keepWithHeading(label(l)) : label(l), c as TableCell]),
      },
      layout: GRID,
    },
    "Table",
  );
}

function header(m: SheetModel, t: T): PdfSection {
  const yearBox: Content = tag(
    {
      table: {
        widths: ["auto", "auto"],
        body: [[label(t("evaluationYearLabel")), value(t("evaluationYear", { year: m.evaluationYear }))]],
      },
      layout: GRID,
    },
    "Table",
  );
  return {
    id: "header",
    title: t("title", { formTitle: m.formTitle }),
    content: [
      {
        columns: [
          { width: 110, text: "" },
          tag({ width: "*", text: t("title", { formTitle: m.formTitle }), ...STYLE.title }, "H1"),
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
    ],
  };
}

function basic(m: SheetModel, t: T): PdfSection {
  const d = m.data;
  const related = (d.relatedDivisions ?? []).join(t("relatedDivisionsSeparator"));
  const title = t("basicHeading");
  return {
    id: "basic",
    title,
    content: [
      heading(title),
      {
        ...TABLE,
        table: {
          widths: [44, "*", 44, "*", 44, "*"],
          body: [
            [
              keepWithHeading(label(t("measureLabel"))),
              value("", { text: [{ text: d.measure.code, bold: true }, "　", d.measure.name], colSpan: 3 }),
              empty(),
              empty(),
              label(t("divisionLabel")),
              value(d.division),
            ],
            [
              label(t("basicPolicyLabel")),
              value(d.basicPolicy),
              label(t("policyDirectionLabel")),
              value(d.policyDirection),
              label(t("basicMeasureLabel")),
              value(d.basicMeasure),
            ],
            [
              label(t("relatedDivisionsLabel")),
              value(related, { colSpan: 3 }),
              empty(),
              empty(),
              label(t("priorityLabel")),
              value(d.priority ? t("priorityMark") : ""),
            ],
          ],
        },
        layout: GRID,
      },
    ],
  };
}

function overview(m: SheetModel, t: T): PdfSection {
  const { plan, overview: o } = m.data;
  const title = t("overviewHeading", {
    planName: plan.name,
    startYear: plan.startYear,
    endYear: plan.endYear,
  });
  return {
    id: "overview",
    title,
    content: [
      heading(title),
      labelledRows([
        [t("problemsLabel"), textBlock(o.problems, t)],
        [t("outlineLabel"), textBlock(o.outline, t)],
        [t("targetsLabel"), textBlock(o.targets, t)],
      ]),
    ],
  };
}

function gradeGrid(m: SheetModel, t: T): Content {
  return tag(
    {
      table: {
        widths: m.grades.map(() => 30),
        body: [
          m.grades.map((g) => label(t("gradeYear", { year: g.year }), { alignment: "center" }, "Column")),
          m.grades.map((g) => value(g.grade ?? "", { alignment: "center" })),
        ],
      },
      layout: GRID,
    },
    "Table",
  );
}

function results(m: SheetModel, t: T): PdfSection {
  const r = m.data.results;
  const title = t("resultsHeading");
  return {
    id: "results",
    title,
    content: [
      heading(title),
      labelledRows([
        [t("achievementsLabel"), textBlock(r.achievements, t)],
        [t("remainingIssuesLabel"), textBlock(r.remainingIssues, t)],
        [
          t("evaluationLabel"),
          {
            columns: [
              { width: "auto", stack: [gradeGrid(m, t)] },
              { width: "*", stack: [textBlock(r.evaluation.reason, t)] },
            ],
            columnGap: 6,
          },
        ],
      ]),
      { text: t("gradeLegend"), ...STYLE.small, margin: [0, 2, 0, 0] },
    ],
  };
}

function future(m: SheetModel, t: T): PdfSection {
  const title = t("futureHeading");
  return {
    id: "future",
    title,
    content: [
      heading(title),
      labelledRows([
        [t("futureDirectionLabel", { nextYear: m.evaluationYear + 1 }), textBlock(m.data.futureDirection, t)],
      ]),
    ],
  };
}

/** One cell spanning a slot's four columns, followed by the three cells it covers. */
function slotSpan(cell: TableCell): TableCell[] {
  return [{ ...(cell as object), colSpan: 4 } as TableCell, empty(), empty(), empty()];
}

/** Column widths of one indicator slot: year, plan, actual, unit. */
const SLOT_YEAR_WIDTH = 26;
const SLOT_UNIT_WIDTH = 24;
/** The unit column grows to this for a long unit (`万t-CO2`), then the unit's size goes down to the minimum. */
const SLOT_UNIT_MAX_WIDTH = 66;
/** The least size a unit is set in: 12 full-width characters fit the widest unit column at it. */
const UNIT_MIN_FONT_SIZE = 5;

/** A unit's width in em: full-width characters 1, others at most {@link NUMBER_EM}. */
function unitEm(unit: string): number {
  return [...unit].reduce((w, ch) => w + ((ch.codePointAt(0) ?? 0) < 0x1100 ? NUMBER_EM : 1), 0);
}

/** The unit column of all three slots: wide enough for the widest unit at the normal size, within bounds. */
function unitColumnWidth(m: SheetModel): number {
  const widest = Math.max(0, ...m.indicatorSlots.map((s) => unitEm(s.indicator?.unit ?? "")));
  return Math.min(SLOT_UNIT_MAX_WIDTH, Math.max(SLOT_UNIT_WIDTH, Math.ceil(widest * FONT_SIZE + CELL_PAD_X)));
}

/** A unit on one line: at the normal size when it fits its column, smaller (not below the minimum) when not. */
function unitCell(unit: string | undefined, columnWidth: number): TableCell {
  if (!unit) return value("", { alignment: "center" });
  const room = columnWidth - CELL_PAD_X;
  const em = unitEm(unit);
  const fontSize =
    em * FONT_SIZE <= room ? FONT_SIZE : Math.max(UNIT_MIN_FONT_SIZE, Math.floor((room / em) * 4) / 4);
  return value(unit, { fontSize, alignment: "center", noWrap: true });
}

const valueWidth = (unitWidth: number) => (CONTENT_WIDTH / 3 - SLOT_YEAR_WIDTH - unitWidth) / 2;

/** A text written where a number would be (`集計中`, `−`): printed as it is, centred, never wrapped. */
function valueText(text: string, columnWidth: number): TableCell {
  // Full-width characters are about twice as wide as the digits the size was chosen for.
  const natural = [...text].reduce((w, ch) => w + ((ch.codePointAt(0) ?? 0) < 0x1100 ? NUMBER_EM : 1), 0);
  const room = columnWidth - CELL_PAD_X;
  const fontSize =
    natural * FONT_SIZE <= room ? FONT_SIZE : Math.max(5, Math.floor((room / natural) * 2) / 2);
  return value(text, { fontSize, alignment: "center" });
}

/** `19` kept to 1 place → `19.0`: the printed number has exactly `decimals` digits after the point. */
export function withDecimals(text: string, decimals: number | undefined): string {
  if (decimals === undefined) return text;
  const [whole = "", fraction = ""] = text.split(".");
  return decimals === 0 ? whole : `${whole}.${fraction.padEnd(decimals, "0")}`;
}

function indicatorValue(
  v: CellValue | undefined,
  decimals: number | undefined,
  width: number,
  t: T,
): TableCell {
  if (v === undefined) return empty();
  if (typeof v === "string") return valueText(v, width);
  return number(withDecimals(t("indicatorValue", { value: v }), decimals), width);
}

function indicators(m: SheetModel, t: T): PdfSection {
  const slots = m.indicatorSlots;
  const perSlot = (f: (s: IndicatorSlot) => TableCell[]) => slots.flatMap(f);
  // One row per year for all three slots: each slot's value stands in the row of its year.
  const byYear = slots.map((s) => new Map(s.rows.map((r) => [r.year, r])));
  const unitWidth = unitColumnWidth(m);
  const valueW = valueWidth(unitWidth);
  const yearRows: TableCell[][] = m.indicatorYears.map((year, i) =>
    perSlot((s) => {
      const row = byYear[s.index]?.get(year);
      const yearCell = value(t("indicatorYear", { year }), { alignment: "center" });
      return [
        i === 0 && s.index === 0 ? keepWithHeading(yearCell) : yearCell,
        indicatorValue(row?.plan, s.decimals, valueW, t),
        indicatorValue(row?.actual, s.decimals, valueW, t),
        unitCell(row?.unit, unitWidth),
      ];
    }),
  );
  const title = t("indicatorsHeading");
  const slotWidths = [SLOT_YEAR_WIDTH, valueW, valueW, unitWidth];
  const pointWidths = slots.flatMap(() => slotWidths);
  const widths = slots.flatMap(() => [SLOT_YEAR_WIDTH, "*", "*", unitWidth]);
  const infoBody: TableCell[][] = [
    perSlot((s) => slotSpan(label(t("indicatorNameLabel", { mark: s.mark }), {}, "Column"))),
    perSlot((s) => slotSpan(value(s.indicator?.name ?? ""))),
    perSlot((s) => slotSpan(label(t("indicatorDescriptionLabel", { mark: s.mark }), {}, "Column"))),
    perSlot((s) => slotSpan(value(s.indicator?.description ?? ""))),
    perSlot((s) => slotSpan(label(t("indicatorDirectionLabel", { mark: s.mark }), {}, "Column"))),
    perSlot((s) => slotSpan(value(s.indicator?.direction ?? ""))),
  ];
  // The year rows are a table of their own under the names, so that its column labels (年度 計画値 実績値 単位)
  // are what repeats when it goes on over a page, not the names and descriptions.
  const yearBody: TableCell[][] = [
    perSlot(() =>
      [
        t("indicatorYearLabel"),
        t("indicatorPlanLabel"),
        t("indicatorActualLabel"),
        t("indicatorUnitLabel"),
      ].map((l) => label(l, { alignment: "center" }, "Column")),
    ),
    ...yearRows,
  ];
  return {
    id: "indicators",
    title,
    content: [
      heading(title),
      {
        ...TABLE,
        table: {
          widths,
          body: infoBody,
          ...(keepRowsWhole(infoBody, 0, pointWidths) ? { dontBreakRows: true } : {}),
        },
        layout: INDICATOR_GRID,
      },
      {
        ...TABLE,
        table: {
          widths,
          headerRows: 1,
          keepWithHeaderRows: 1,
          body: yearBody,
          ...(keepRowsWhole(yearBody, 1, pointWidths) ? { dontBreakRows: true } : {}),
        },
        layout: INDICATOR_GRID,
      },
    ],
  };
}

const BUDGET_LABEL_WIDTH = 52;
/** At most this many amounts side by side; more years go into a further table below. */
const MAX_AMOUNT_COLUMNS = 9;

/** As many amount columns as fit the widest amount at the normal size. */
function amountColumns(m: SheetModel, t: T): number {
  const longest = Math.max(
    1,
    ...m.budgetYears.flatMap((y) =>
      y.amounts.map((a) =>
        typeof a.amount === "string" ? 2 * a.amount.length : t("amount", { amount: a.amount }).length,
      ),
    ),
  );
  const needed = longest * NUMBER_EM * FONT_SIZE + CELL_PAD_X;
  return Math.max(1, Math.min(MAX_AMOUNT_COLUMNS, Math.floor((CONTENT_WIDTH - BUDGET_LABEL_WIDTH) / needed)));
}

function budgetTable(years: SheetModel["budgetYears"], t: T): Content {
  const kinds = years.reduce((n, y) => n + y.amounts.length, 0);
  const yearRow: TableCell[] = [label(t("budgetYearLabel"), { rowSpan: 2, alignment: "center" }, "Column")];
  const kindRow: TableCell[] = [empty()];
  const amountRow: TableCell[] = [keepWithHeading(label(t("budgetTotalLabel")))];
  for (const y of years) {
    yearRow.push(
      label(t("budgetYear", { year: y.year }), { colSpan: y.amounts.length, alignment: "center" }, "Column"),
    );
    for (let i = 1; i < y.amounts.length; i++) yearRow.push(empty());
    for (const a of y.amounts) {
      kindRow.push(label(a.kind, { alignment: "center" }, "Column"));
      const columnWidth = (CONTENT_WIDTH - BUDGET_LABEL_WIDTH) / kinds;
      amountRow.push(
        typeof a.amount === "string"
          ? valueText(a.amount, columnWidth)
          : number(t("amount", { amount: a.amount }), columnWidth),
      );
    }
  }
  const body = [yearRow, kindRow, amountRow];
  const amountWidth = (CONTENT_WIDTH - BUDGET_LABEL_WIDTH) / Math.max(1, kinds);
  return {
    ...TABLE,
    table: {
      headerRows: 2,
      keepWithHeaderRows: 1,
      widths: [BUDGET_LABEL_WIDTH, ...Array.from({ length: kinds }, () => "*")],
      body,
      ...(keepRowsWhole(body, 2, [BUDGET_LABEL_WIDTH, ...Array.from({ length: kinds }, () => amountWidth)])
        ? { dontBreakRows: true }
        : {}),
    },
    layout: GRID,
  };
}

function budget(m: SheetModel, t: T): PdfSection {
  const maxColumns = amountColumns(m, t);
  const chunks: SheetModel["budgetYears"][] = [];
  let current: SheetModel["budgetYears"] = [];
  let width = 0;
  for (const y of m.budgetYears) {
    if (current.length > 0 && width + y.amounts.length > maxColumns) {
      chunks.push(current);
      current = [];
      width = 0;
    }
    current.push(y);
    width += y.amounts.length;
  }
  if (current.length > 0) chunks.push(current);
  const title = t("budgetHeading");
  return {
    id: "budget",
    title,
    content: [
      heading(title),
      { text: t("budgetUnit"), ...STYLE.small, alignment: "right", margin: [0, 0, 0, 1] },
      ...chunks.map((c, i) => ({ stack: [budgetTable(c, t)], margin: [0, i > 0 ? 3 : 0, 0, 0] }) as Content),
    ],
  };
}

const PROJECT_ACHIEVEMENT_WIDTH = 80;
/** The width of a project name column: half of what the two achievement columns leave. */
const projectName = (CONTENT_WIDTH - 2 * PROJECT_ACHIEVEMENT_WIDTH) / 2;

function projects(m: SheetModel, t: T): PdfSection {
  const list = m.data.projects ?? [];
  const achievementLabel = t("projectAchievementLabel", { planName: m.data.plan.name });
  const head = () => [
    label(t("projectNameLabel"), { alignment: "center" }, "Column"),
    label(achievementLabel, { alignment: "center" }, "Column"),
  ];
  const body: TableCell[][] = [[...head(), ...head()]];
  for (let i = 0; i < Math.max(1, list.length); i += 2) {
    const cells = (p: (typeof list)[number] | undefined): TableCell[] =>
      p ? [value(p.name), value(p.achievement ?? "")] : [empty(), empty()];
    const row = [...cells(list[i]), ...cells(list[i + 1])];
    body.push(i === 0 ? row.map((c, j) => (j === 0 ? keepWithHeading(c) : c)) : row);
  }
  const title = t("projectsHeading");
  return {
    id: "projects",
    title,
    content: [
      heading(title),
      {
        ...TABLE,
        table: {
          headerRows: 1,
          keepWithHeaderRows: 1,
          widths: ["*", PROJECT_ACHIEVEMENT_WIDTH, "*", PROJECT_ACHIEVEMENT_WIDTH],
          body,
          ...(keepRowsWhole(body, 1, [
            projectName,
            PROJECT_ACHIEVEMENT_WIDTH,
            projectName,
            PROJECT_ACHIEVEMENT_WIDTH,
          ])
            ? { dontBreakRows: true }
            : {}),
        },
        layout: GRID,
      },
    ],
  };
}

function glossary(m: SheetModel, t: T): PdfSection {
  const entries = m.data.glossary ?? [];
  const body: TableCell[][] =
    entries.length > 0
      ? entries.map((e, i) => [
          i === 0 ? keepWithHeading(label(e.term)) : label(e.term),
          value(e.explanation),
        ])
      : [[keepWithHeading(value("", { colSpan: 2 })), empty()]];
  const title = t("glossaryHeading");
  return {
    id: "glossary",
    title,
    content: [heading(title), tag({ table: { widths: [110, "*"], body }, layout: GRID }, "Table")],
  };
}

export const pdfLayout: PdfLayout<SheetModel> = {
  templates: PDF_TEMPLATES,
  pageBudget: 2,
  pageSize: "A4",
  pageOrientation: "portrait",
  pageMargins: PAGE_MARGINS,
  defaultStyle: { fontSize: FONT_SIZE, lineHeight: LINE_HEIGHT },
  // Styles are spread into the nodes (STYLE) rather than named: pdfmake resolves a named style for every
  // property of every word, allocating as it goes, which was a third of the layout time.
  styles: {},
  metadata: (m, kit) => {
    const t = kitT(kit);
    return {
      title: m.data.measure.name,
      author: m.data.division,
      subject: t("metadataSubject", { formTitle: m.formTitle, year: m.evaluationYear }),
      keywords: m.data.measure.code,
    };
  },
  footerLabel: (m, kit) => kitT(kit)("footer", { formTitle: m.formTitle, code: m.data.measure.code }),
  sections: (m, kit) => {
    const t = kitT(kit);
    return [
      header(m, t),
      basic(m, t),
      overview(m, t),
      results(m, t),
      future(m, t),
      indicators(m, t),
      budget(m, t),
      projects(m, t),
      glossary(m, t),
    ];
  },
};
