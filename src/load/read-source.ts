import { isUtf8 } from "node:buffer";
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "node:fs";
import type { Localized } from "../i18n.js";

/** A sheet is a few tens of kilobytes; anything over this is refused before it is read into memory. */
export const MAX_SOURCE_BYTES = 1024 * 1024;

export type SourceResult =
  | { ok: true; text: string; bytes: Buffer }
  | { ok: false; code: string; message: Localized };

/**
 * Opened without blocking (a FIFO with no writer would otherwise hold `open` forever) and without making a
 * terminal the process's controlling terminal. Only a regular file is then read, so O_NONBLOCK changes nothing
 * for the bytes read. Flags a platform lacks are 0.
 */
// O_NOFOLLOW: a link named as a file (hyoka.config.json, say) is refused, never read through.
const OPEN_FLAGS =
  constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0) | (constants.O_NOFOLLOW ?? 0);

/**
 * Reads a sheet file as UTF-8 text, refusing what is not a regular, reasonably small, valid UTF-8 file.
 *
 * The file is opened first and everything else is asked of the open descriptor: its kind and size come from
 * `fstat` on it (a stat by name could see another file than the one opened), the size limit applies before a
 * byte is read, and no more than the limit and one byte is ever read (a file that grew meanwhile is refused, not
 * read whole).
 *
 * Synchronously, though it returns a promise: in a build the workers read the sheets, and Node's file
 * operations that return promises run on a pool of four threads the whole process shares, where the main
 * thread's writes wait for the disk (each ends with an fsync). A worker's five operations per sheet queued
 * behind them: its median `load` was 2.4 ms (p90 8.9 ms) for a file of some 20 kB from the page cache.
 */
export async function readSource(path: string): Promise<SourceResult> {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    return readError(error);
  }
  let bytes: Buffer;
  try {
    const info = fstatSync(fd);
    const kind = notRegular(info);
    if (kind) return kind;
    if (info.size > MAX_SOURCE_BYTES) return tooLarge(info.size);
    bytes = readAtMost(fd, info.size, MAX_SOURCE_BYTES + 1);
  } catch (error) {
    return readError(error);
  } finally {
    closeSync(fd);
  }
  if (bytes.length > MAX_SOURCE_BYTES) return tooLarge(bytes.length, true); // it grew after fstat
  // isUtf8 (simdutf) then a plain decode: a fatal TextDecoder took 74 ms for 200 sheets in a build's main thread.
  const text = isUtf8(bytes) ? bytes.toString("utf8").replace(/^\uFEFF/, "") : undefined;
  if (text === undefined) {
    const utf16 =
      bytes.length >= 2 &&
      ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
    return {
      ok: false,
      code: "read-encoding",
      message: {
        ja: utf16
          ? "UTF-16 で保存されています。UTF-8 で保存し直してください"
          : "UTF-8 ではない文字コードです。UTF-8 で保存し直してください(Shift_JIS は読めません)",
        en: utf16
          ? "the file is saved as UTF-16; save it as UTF-8"
          : "the file is not UTF-8; save it as UTF-8",
      },
    };
  }
  return { ok: true, text, bytes };
}

/**
 * Reads from `fd` until its end or `limit` bytes, whichever comes first. The buffer starts at the size fstat
 * gave (and one byte, to see the end) and grows only if the file grew meanwhile, never past `limit`.
 */
function readAtMost(fd: number, expected: number, limit: number): Buffer {
  let buffer = Buffer.allocUnsafe(Math.min(expected + 1, limit));
  let length = 0;
  for (;;) {
    const n = readSync(fd, buffer, length, buffer.length - length, null);
    if (n === 0) break;
    length += n;
    if (length < buffer.length) continue;
    if (buffer.length >= limit) break;
    const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, limit));
    buffer.copy(bigger, 0, 0, length);
    buffer = bigger;
  }
  return buffer.subarray(0, length);
}

/** What `notRegular` asks of a file: fs.Stats and fs.Dirent both answer it. */
export type FileKind = Pick<
  Stats,
  "isFile" | "isDirectory" | "isFIFO" | "isSocket" | "isCharacterDevice" | "isBlockDevice"
>;

/** Why a file of this kind is not read, or undefined for a regular file. */
export function notRegular(info: FileKind): Extract<SourceResult, { ok: false }> | undefined {
  if (info.isFile()) return undefined;
  const refuse = (code: string, ja: string, en: string) =>
    ({
      ok: false,
      code,
      message: { ja, en },
    }) as const;
  if (info.isDirectory()) return DIRECTORY;
  if (info.isFIFO())
    return refuse(
      "read-fifo",
      "名前付きパイプ(FIFO)です。通常のファイルだけを読みます",
      "this is a named pipe (FIFO); only regular files are read",
    );
  if (info.isSocket())
    return refuse(
      "read-socket",
      "ソケットです。通常のファイルだけを読みます",
      "this is a socket; only regular files are read",
    );
  if (info.isCharacterDevice() || info.isBlockDevice())
    return refuse(
      "read-device",
      "デバイスファイルです。通常のファイルだけを読みます",
      "this is a device; only regular files are read",
    );
  return refuse("read-not-file", "通常のファイルではありません", "not a regular file");
}

const DIRECTORY = {
  ok: false,
  code: "read-directory",
  message: {
    // Staff type the folder they keep their sheets in: say how to name all of them.
    ja: "フォルダです。JSON ファイルか、フォルダ内のすべてのシートならパターン(例: 'data/**/*.json')を指定してください",
    en: "this is a folder, not a JSON file: name the files, or for every sheet in it a pattern such as 'data/**/*.json'",
  },
} as const;

function tooLarge(size: number, atLeast = false): SourceResult {
  return {
    ok: false,
    code: "read-too-large",
    message: {
      ja: `ファイルが大きすぎます(${size.toLocaleString("en-US")} バイト${atLeast ? "以上" : ""}。上限は ${MAX_SOURCE_BYTES.toLocaleString("en-US")} バイト)`,
      en: `the file is too large (${atLeast ? "at least " : ""}${size} bytes; the limit is ${MAX_SOURCE_BYTES})`,
    },
  };
}

function readError(error: unknown): SourceResult {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ELOOP")
    return {
      ok: false,
      code: "read-link",
      message: {
        ja: "シンボリックリンクは読みません(リンク先の実ファイルを指定してください)",
        en: "symbolic links are not followed (name the real file)",
      },
    };
  if (code === "ENOENT")
    return { ok: false, code: "read-missing", message: { ja: "ファイルがありません", en: "no such file" } };
  if (code === "EACCES" || code === "EPERM")
    return {
      ok: false,
      code: "read-permission",
      message: { ja: "ファイルを読む権限がありません", en: "permission denied" },
    };
  if (code === "EISDIR") return DIRECTORY;
  if (code === "ENXIO")
    // open(2) gives ENXIO for a socket on some systems.
    return {
      ok: false,
      code: "read-socket",
      message: {
        ja: "ソケットなど、開けない種類のファイルです。通常のファイルだけを読みます",
        en: "this kind of file cannot be opened (a socket?); only regular files are read",
      },
    };
  return {
    ok: false,
    code: "read-failed",
    message: {
      ja: `ファイルを読めません(${code ?? "不明"})`,
      en: `cannot read the file (${code ?? "unknown"})`,
    },
  };
}
