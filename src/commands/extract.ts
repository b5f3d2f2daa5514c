/**
 * `hyoka extract FILE.pdf … [--out DIR] [--force]`: the source data attached to archival PDFs (each sheet's JSON,
 * attached by `hyoka build` as a PDF/A-3 associated file with `/AFRelationship /Source`), written back byte for
 * byte as `DIR/<name>` (by default beside the PDF). An existing file is replaced only with `--force`, and never
 * through a link. The PDF is read as untrusted input (src/extract/pdf-attachments.ts).
 */
import { lstat, readFile } from "node:fs/promises";
import path from "node:path";
import { diagnostic } from "../diagnostics.js";
import { PdfReadError, readAttachments } from "../extract/pdf-attachments.js";
import type { Lang, Localized } from "../i18n.js";
import { prepareFolder, writeNew } from "../input-workbook/write-new.js";
import { type Output, printDiagnostics, showPath } from "../report/console.js";

export interface ExtractOptions {
  files: string[];
  /** The folder to write into; by default each PDF's own folder. */
  outDir?: string;
  force: boolean;
  lang: Lang;
  output: Output;
}

/** A PDF larger than this is refused before it is read. */
export const MAX_PDF_BYTES = 512 * 2 ** 20;

/**
 * An attachment's name as a file name: its last part only (a name in the PDF cannot reach another folder), and
 * none that is empty, a dot name, or holds control characters.
 */
export function safeFileName(name: string): string | undefined {
  const base = name.split(/[\\/]/).pop() ?? "";
  if (base === "" || base === "." || base === ".." || base.startsWith(".")) return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u.test(base) || base.length > 200)
    return undefined;
  return base;
}

export async function runExtract(options: ExtractOptions): Promise<number> {
  const { lang, output } = options;
  const ja = lang === "ja";
  // Each problem is a diagnostic: on the terminal as every other command's, with --json one object each.
  const error = (file: string, code: string, message: Localized) =>
    printDiagnostics(output, [diagnostic(lang, { code, file, message })], lang);
  let failed = 0;
  let written = 0;
  const finish = (exitCode: number): number => {
    // --json: the PDFs taken, the sheets (JSON files) written, and what could not be extracted.
    output.result?.({ sheets: options.files.length, built: written, failed });
    return exitCode;
  };
  for (const file of options.files) {
    const info = await lstat(file).catch((e: NodeJS.ErrnoException) => e);
    if (info instanceof Error || !info.isFile()) {
      error(
        file,
        "read-failed",
        info instanceof Error
          ? {
              ja: `読めません(${info.code ?? info.message})`,
              en: `cannot be read (${info.code ?? info.message})`,
            }
          : {
              ja: "通常のファイルではありません(フォルダかリンク)",
              en: "not a regular file (a folder or a link)",
            },
      );
      failed++;
      continue;
    }
    if (info.size > MAX_PDF_BYTES) {
      error(file, "read-too-large", {
        ja: `${MAX_PDF_BYTES} バイトを超える PDF は読みません`,
        en: `a PDF over ${MAX_PDF_BYTES} bytes is not read`,
      });
      failed++;
      continue;
    }
    let sources: { name: string; bytes: Buffer }[];
    try {
      sources = readAttachments(await readFile(file)).filter((a) => a.relationship === "Source");
    } catch (e) {
      if (!(e instanceof PdfReadError) && !(e instanceof RangeError)) throw e;
      error(file, "pdf-unreadable", {
        ja: `PDF として読めません: ${e.message}`,
        en: `cannot be read as a PDF: ${e.message}`,
      });
      failed++;
      continue;
    }
    if (sources.length === 0) {
      error(file, "pdf-no-source", {
        ja: "元データが添付されていません(下書き(--draft)の PDF か、hyoka が作成した PDF ではありません)",
        en: "no source data is attached (a draft PDF (--draft), or not a PDF hyoka made)",
      });
      failed++;
      continue;
    }
    const dir = options.outDir ?? path.dirname(file);
    const folder = await prepareFolder(dir);
    if (!folder.ok) {
      output.err(`hyoka: ${showPath(folder.message[lang])}`);
      return finish(1);
    }
    for (const source of sources) {
      const name = safeFileName(source.name);
      if (name === undefined) {
        error(file, "output-name", {
          ja: `添付ファイルの名前 ${JSON.stringify(source.name)} はファイル名に使えません`,
          en: `the attachment's name ${JSON.stringify(source.name)} cannot be used as a file name`,
        });
        failed++;
        continue;
      }
      const outcome = await writeNew(dir, name, source.bytes, options.force);
      if (!outcome.ok) {
        error(file, "write-failed", outcome.message);
        failed++;
        continue;
      }
      written++;
      output.out(`${showPath(file)} → ${showPath(path.join(dir, name))}`);
    }
  }
  output.out(
    ja
      ? `${written} 件を取り出し、${failed} 件は取り出せませんでした`
      : `${written} extracted, ${failed} not extracted`,
  );
  return finish(failed > 0 ? 1 : 0);
}
