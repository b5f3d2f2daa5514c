/** Stage 1, load: read a file and parse it with positions. */
import { type Diagnostic, diagnostic } from "../diagnostics.js";
import type { Lang } from "../i18n.js";
import { isProblem, type ParsedJson, parseJson } from "./parse-json.js";
import { readSource } from "./read-source.js";

export interface LoadedSheet {
  file: string;
  /** The file's bytes, for content hashing. */
  bytes: Buffer;
  json: ParsedJson;
}

export type LoadResult =
  | { ok: true; sheet: LoadedSheet; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

export async function loadSheet(file: string, lang: Lang): Promise<LoadResult> {
  const source = await readSource(file);
  if (!source.ok)
    return {
      ok: false,
      diagnostics: [diagnostic(lang, { code: source.code, file, message: source.message })],
    };
  const parsed = parseJson(source.text);
  if (isProblem(parsed)) {
    return {
      ok: false,
      diagnostics: [
        diagnostic(lang, {
          code: parsed.code,
          file,
          line: parsed.position.line,
          column: parsed.position.column,
          message: parsed.message,
          hint: parsed.hint,
        }),
      ],
    };
  }
  const diagnostics = parsed.problems.map((p) =>
    diagnostic(lang, {
      code: p.code,
      file,
      line: p.position.line,
      column: p.position.column,
      ...(p.pointer !== undefined ? { pointer: p.pointer } : {}),
      message: p.message,
      hint: p.hint,
    }),
  );
  return { ok: true, sheet: { file, bytes: source.bytes, json: parsed }, diagnostics };
}
