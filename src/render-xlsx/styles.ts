/** How each named cell style looks in Excel, and how wide text is in Excel's character units. */
import type { Alignment, Borders, Fill, Font, Style } from "exceljs";
import type { CellStyleName } from "../forms/xlsx-layout.js";
import { groupDigits } from "../model/format.js";

const LABEL_FILL: Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE3E3E3" } };
const THIN = { style: "thin", color: { argb: "FF000000" } } as const;
const GRID: Partial<Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

const NUMBER_FORMATS: Partial<Record<CellStyleName, string>> = {
  integer: "#,##0",
  decimal: "#,##0.###",
  fixed1: "#,##0.0",
  fixed2: "#,##0.00",
  fixed3: "#,##0.000",
  percent: "0.0%",
  year: '0"年度"',
};

/** Styles are built once per font and shared by every cell that uses them (exceljs copies on write). */
export function styleTable(fontFamily: string, bordered: boolean): Record<CellStyleName, Partial<Style>> {
  const font = (extra: Partial<Font> = {}): Partial<Font> => ({ name: fontFamily, size: 10, ...extra });
  const border = bordered ? GRID : {};
  const align = (a: Partial<Alignment>): Partial<Alignment> => ({ vertical: "middle", ...a });
  const number = (name: CellStyleName): Partial<Style> => ({
    font: font(),
    border,
    alignment: align({ horizontal: "right" }),
    numFmt: NUMBER_FORMATS[name] ?? "General",
  });
  return {
    title: { font: font({ size: 14, bold: true }), alignment: align({}) },
    note: { font: font({ size: 9 }), alignment: align({ horizontal: "right" }) },
    label: { font: font(), border, fill: LABEL_FILL, alignment: align({ wrapText: true }) },
    header: {
      font: font({ bold: true }),
      border,
      fill: LABEL_FILL,
      alignment: align({ horizontal: "center", wrapText: true }),
    },
    text: { font: font(), border, alignment: align({}) },
    wrap: { font: font(), border, alignment: align({ wrapText: true }) },
    center: { font: font(), border, alignment: align({ horizontal: "center" }) },
    integer: number("integer"),
    decimal: number("decimal"),
    fixed1: number("fixed1"),
    fixed2: number("fixed2"),
    fixed3: number("fixed3"),
    percent: number("percent"),
    year: number("year"),
  };
}

/** Width of a text in Excel's units (the width of `0`): full-width characters count two. */
export function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    width += cp < 0x1100 || (cp >= 0xff61 && cp <= 0xff9f) ? 1 : 2;
  }
  return width;
}

/**
 * `toLocaleString("en-US")` (grouped thousands, at most three decimals rounded half away from zero, `-0` kept),
 * written out: an `Intl.NumberFormat` costs 11–19 ms to make in each worker (ICU's locale data), for column
 * widths only. Rounds the shortest decimal form of the number, as ICU does (1.0005 → 1.001); a test holds it to
 * `Intl` on the edges of rounding and sign and on 20,000 generated values (a million matched when it was
 * written). Exponent forms (at or above 1e21, below 1e-6) and non-finite values are left to `Intl`, made only if
 * one comes.
 */
export function enUsNumber(value: number): string {
  const text = String(Math.abs(value));
  if (!Number.isFinite(value) || text.includes("e")) return intlEnUs().format(value);
  let [whole = "", fraction = ""] = text.split(".");
  if (fraction.length > 3) {
    const roundUp = fraction.charCodeAt(3) >= 0x35; // "5"
    fraction = fraction.slice(0, 3);
    if (roundUp) {
      const digits = (BigInt(whole + fraction) + 1n).toString().padStart(whole.length + 3, "0");
      whole = digits.slice(0, -3);
      fraction = digits.slice(-3);
    }
  }
  fraction = fraction.replace(/0+$/, "");
  const sign = value < 0 || Object.is(value, -0) ? "-" : "";
  return `${sign}${groupDigits(whole)}${fraction ? `.${fraction}` : ""}`;
}

let enUs: Intl.NumberFormat | undefined;
function intlEnUs(): Intl.NumberFormat {
  enUs ??= new Intl.NumberFormat("en-US");
  return enUs;
}

/** The text Excel shows for a value in a style, for fitting column widths. */
export function shownText(value: string | number, style: CellStyleName | undefined): string {
  if (typeof value === "string") return value;
  if (style === "percent") return `${(value * 100).toFixed(1)}%`;
  if (style === "year") return `${value}年度`;
  if (style === "integer" || style === "decimal") return enUsNumber(value);
  if (style === "fixed1" || style === "fixed2" || style === "fixed3") {
    const places = Number(style.slice(5));
    const [whole = "", fraction = ""] = Math.abs(value).toFixed(places).split(".");
    return `${value < 0 ? "-" : ""}${groupDigits(whole)}.${fraction}`;
  }
  return String(value);
}
