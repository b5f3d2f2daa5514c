import type { Lang, Localized } from "./i18n.js";
import { clipText, escapeForTerminal } from "./report/terminal-text.js";

export type Severity = "error" | "warning";

/**
 * A problem found in a sheet, as data. Every stage returns these instead of throwing, so one bad sheet
 * never stops the others and the reporter decides how to print them.
 */
export interface Diagnostic {
  severity: Severity;
  /** A stable id for the kind of problem, e.g. `json-syntax`, `schema`, `glyph-missing`. */
  code: string;
  /** The file as the user named it (relative to the working directory). */
  file: string;
  line?: number;
  column?: number;
  /** JSON path of the value, e.g. `/indicators/0/years/2/actual`. */
  pointer?: string;
  /** The field as the form labels it, e.g. `参考指標① › 2012年度 › 実績値`. */
  field?: string;
  message: string;
  hint?: string;
}

export interface Position {
  line: number;
  column: number;
}

export function diagnostic(
  lang: Lang,
  init: Omit<Diagnostic, "message" | "hint" | "severity"> & {
    severity?: Severity;
    message: Localized;
    hint?: Localized | undefined;
  },
): Diagnostic {
  const { message, hint, severity, ...rest } = init;
  const out: Diagnostic = { severity: severity ?? "error", ...rest, message: message[lang] };
  if (hint) out.hint = hint[lang];
  return out;
}

/** Items grouped by a key, only the groups with more than one item, in the order first seen. */
export function duplicateGroups<T>(items: readonly T[], keyOf: (item: T) => string | undefined): T[][] {
  const byKey = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key !== undefined) byKey.set(key, [...(byKey.get(key) ?? []), item]);
  }
  return [...byKey.values()].filter((group) => group.length > 1);
}

/** One of several files for the same evaluation year and measure code: `files` names them all. */
export function duplicateSheet(
  lang: Lang,
  init: { file: string; year: number | string; code: string; files: readonly string[]; hint: Localized },
): Diagnostic {
  const { file, year, code, files, hint } = init;
  return diagnostic(lang, {
    code: "duplicate-sheet",
    file,
    message: {
      ja: `評価年度 ${year}・施策課題コード ${code} のシートが複数あります: ${files.join(", ")}`,
      en: `more than one sheet for year ${year} and measure ${code}: ${files.join(", ")}`,
    },
    hint,
  });
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** `file:line:col` as editors and terminals link it. */
export function formatPlace(d: Diagnostic): string {
  if (d.line === undefined) return d.file;
  return `${d.file}:${d.line}:${d.column ?? 1}`;
}

/** Each part of a path (`a › b`, `/a/b`) cut short when it is long, e.g. a key of 100,000 characters. */
function clipParts(text: string, separator: string, lang: Lang): string {
  return text
    .split(separator)
    .map((part) => clipText(part, lang))
    .join(separator);
}

/**
 * The diagnostic as the terminal shows it. Every part may hold text from a data file or a file name, so each
 * is escaped here, once ({@link escapeForTerminal}); report.json keeps the raw text.
 */
export function formatDiagnostic(d: Diagnostic, lang: Lang): string {
  const sev =
    d.severity === "error" ? (lang === "ja" ? "エラー" : "error") : lang === "ja" ? "警告" : "warning";
  const head = `${escapeForTerminal(formatPlace(d))}: ${sev}`;
  const pointer =
    d.pointer !== undefined ? ` (${escapeForTerminal(clipParts(d.pointer, "/", lang)) || "/"})` : "";
  const field = d.field ? ` [${escapeForTerminal(clipParts(d.field, " › ", lang))}]${pointer}` : "";
  const hint = d.hint ? `\n    ${lang === "ja" ? "ヒント" : "hint"}: ${escapeForTerminal(d.hint)}` : "";
  return `${head}${field} ${escapeForTerminal(d.message)}${hint}`;
}
