/**
 * Where `template`, `export` and `import` write: a file that is not there yet, atomically (src/write/atomic.ts).
 * These commands write into folders staff keep their own files in (data/, a folder of workbooks to hand out),
 * so an existing file is never replaced unless `--force` says so, and even then only a regular file, never
 * through a link.
 */
import { lstat, mkdir, stat } from "node:fs/promises";
import path from "node:path";
import type { Localized } from "../i18n.js";
import { writeAtomic } from "../write/atomic.js";

export type WriteOutcome = { ok: true; path: string } | { ok: false; message: Localized };

/** The folder of `--out`: made when missing, refused when something else stands there. */
export async function prepareFolder(dir: string): Promise<{ ok: true } | { ok: false; message: Localized }> {
  if (dir.trim() === "") return { ok: false, message: { ja: "--out が空です", en: "--out is empty" } };
  const info = await stat(dir).catch(() => undefined);
  if (info && !info.isDirectory())
    return {
      ok: false,
      message: { ja: `--out ${dir} はフォルダではありません`, en: `--out ${dir} is not a folder` },
    };
  if (!info) {
    try {
      await mkdir(dir, { recursive: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "?";
      return {
        ok: false,
        message: {
          ja: `フォルダ ${dir} を作成できません(${code})`,
          en: `cannot create the folder ${dir} (${code})`,
        },
      };
    }
  }
  return { ok: true };
}

/** Writes `bytes` to `root/relPath`, refusing an existing file unless `force`, and anything but a file always. */
export async function writeNew(
  root: string,
  relPath: string,
  bytes: Uint8Array,
  force: boolean,
): Promise<WriteOutcome> {
  const target = path.join(root, relPath);
  const existing = await lstat(target).catch(() => undefined);
  if (existing && !existing.isFile())
    return {
      ok: false,
      message: {
        ja: `${target} はファイルでない(フォルダかリンク)ため書き込みません`,
        en: `${target} is not a regular file (a folder or a link): not written`,
      },
    };
  if (existing && !force)
    return {
      ok: false,
      message: {
        ja: `${target} は既にあります。上書きしません(上書きするには --force)`,
        en: `${target} already exists and is not replaced (--force replaces it)`,
      },
    };
  try {
    return { ok: true, path: await writeAtomic(root, relPath, bytes) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const detail = code ?? (error instanceof Error ? error.message : String(error));
    return {
      ok: false,
      message: { ja: `${target} を書き込めません(${detail})`, en: `cannot write ${target} (${detail})` },
    };
  }
}
