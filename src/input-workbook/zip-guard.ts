/**
 * A workbook file from outside, checked before exceljs sees it. An .xlsx is a zip: its central directory says
 * how big each part is once inflated, so a zip bomb (a few kB that inflate to gigabytes), a huge worksheet, an
 * encrypted file, a workbook with macros or a damaged zip is refused from the directory, before one byte is
 * inflated. Each part is then inflated with its declared size as a hard limit (a directory that lies is caught
 * by the inflater, not trusted) and its CRC checked, and exceljs is given a new zip holding only those checked
 * parts: whatever exceljs's own zip reader would make of an ambiguous file (two directories, overlapping
 * entries), it reads what was checked here.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import zlib from "node:zlib";
import { zipSync } from "fflate";
import type { Localized } from "../i18n.js";
import { notRegular } from "../load/read-source.js";

/** An input workbook is some 30–100 kB; a file over this is refused before it is read. */
export const MAX_WORKBOOK_BYTES = 10 * 1024 * 1024;
/** The most one part may inflate to: a filled-in worksheet's XML is under 1 MB. */
export const MAX_PART_BYTES = 16 * 1024 * 1024;
/** The most all parts together may inflate to. */
export const MAX_TOTAL_BYTES = 48 * 1024 * 1024;
/** The most parts a workbook may hold (one of hyoka's holds about 20). */
export const MAX_PARTS = 1000;

export interface ZipRefusal {
  code: string;
  message: Localized;
  hint?: Localized;
}

export type Guarded = { ok: true; parts: Map<string, Uint8Array> } | ({ ok: false } & ZipRefusal);

const OPEN_FLAGS =
  constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0) | (constants.O_NOFOLLOW ?? 0);

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;

/** The bytes of a workbook file: a regular file, not through a link, no bigger than the limit. */
export function readWorkbookFile(file: string): { ok: true; bytes: Buffer } | ({ ok: false } & ZipRefusal) {
  let fd: number;
  try {
    fd = openSync(file, OPEN_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message: Localized =
      code === "ENOENT"
        ? { ja: "ファイルがありません", en: "no such file" }
        : code === "ELOOP"
          ? {
              ja: "シンボリックリンクは読みません(リンク先の実ファイルを指定してください)",
              en: "symbolic links are not followed (name the real file)",
            }
          : code === "EACCES" || code === "EPERM"
            ? { ja: "ファイルを読む権限がありません", en: "permission denied" }
            : code === "EISDIR"
              ? {
                  ja: "フォルダです。.xlsx ファイルを指定してください",
                  en: "this is a folder, not a workbook",
                }
              : {
                  ja: `ファイルを読めません(${code ?? "不明"})`,
                  en: `cannot read the file (${code ?? "unknown"})`,
                };
    return { ok: false, code: "read-failed", message };
  }
  try {
    const info = fstatSync(fd);
    const kind = notRegular(info);
    if (kind)
      return {
        ok: false,
        code: kind.code,
        message:
          kind.code === "read-directory"
            ? { ja: "フォルダです。.xlsx ファイルを指定してください", en: "this is a folder, not a workbook" }
            : kind.message,
      };
    if (info.size > MAX_WORKBOOK_BYTES) return tooLargeFile(info.size);
    const buffer = Buffer.allocUnsafe(Math.min(info.size + 1, MAX_WORKBOOK_BYTES + 1));
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length >= buffer.length) break;
    }
    if (length > MAX_WORKBOOK_BYTES) return tooLargeFile(length);
    return { ok: true, bytes: buffer.subarray(0, length) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unknown";
    return {
      ok: false,
      code: "read-failed",
      message: { ja: `ファイルを読めません(${code})`, en: `cannot read the file (${code})` },
    };
  } finally {
    closeSync(fd);
  }
}

function tooLargeFile(size: number): ZipRefusal & { ok: false } {
  return {
    ok: false,
    code: "workbook-too-large",
    message: {
      ja: `ファイルが大きすぎます(${mb(size)}。入力用ワークブックの上限は ${mb(MAX_WORKBOOK_BYTES)})`,
      en: `the file is too large (${mb(size)}; an input workbook may have at most ${mb(MAX_WORKBOOK_BYTES)})`,
    },
  };
}

const DAMAGED_HINT: Localized = {
  ja: "Excel で開いて「名前を付けて保存」から Excel ブック(*.xlsx)で保存し直してください",
  en: "open it in Excel and save it again as an Excel workbook (*.xlsx)",
};

function damaged(detail: Localized): ZipRefusal & { ok: false } {
  return {
    ok: false,
    code: "workbook-damaged",
    message: {
      ja: `Excel ブック(.xlsx)として読めません。壊れているか、別の形式です(${detail.ja})`,
      en: `this is not a readable Excel workbook (.xlsx): damaged or of another kind (${detail.en})`,
    },
    hint: DAMAGED_HINT,
  };
}

/** The compound-file signature: an encrypted .xlsx (a password to open it) or an old .xls. */
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

interface Entry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
}

const crc32: ((data: Uint8Array) => number) | undefined = (
  zlib as unknown as { crc32?: (data: Uint8Array) => number }
).crc32;

/** The central directory's entries, or why the file cannot be one of hyoka's workbooks. */
function directory(bytes: Buffer): Entry[] | (ZipRefusal & { ok: false }) {
  if (CFB_MAGIC.every((b, i) => bytes[i] === b))
    return {
      ok: false,
      code: "workbook-encrypted",
      message: {
        ja: "パスワードで保護(暗号化)されたブックか、古い形式(.xls)のファイルです。読めません",
        en: "the workbook is protected by a password (encrypted) or is an old .xls file: it cannot be read",
      },
      hint: {
        ja: "Excel で「ファイル › 情報 › ブックの保護 › パスワードを使用して暗号化」のパスワードを消し、Excel ブック(*.xlsx)で保存してください",
        en: "remove the password (File › Info › Protect Workbook › Encrypt with Password) and save as an Excel workbook (*.xlsx)",
      },
    };
  // The end-of-central-directory record: 22 bytes and a comment of at most 65,535.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return damaged({ ja: "zip ではありません", en: "not a zip file" });
  const count = bytes.readUInt16LE(eocd + 10);
  const dirSize = bytes.readUInt32LE(eocd + 12);
  const dirOffset = bytes.readUInt32LE(eocd + 16);
  if (count === 0xffff || dirOffset === 0xffffffff)
    return damaged({ ja: "ZIP64 形式です", en: "a ZIP64 file" });
  if (count > MAX_PARTS)
    return {
      ok: false,
      code: "workbook-zip-bomb",
      message: {
        ja: `ブックの部品が多すぎます(${count} 個。上限は ${MAX_PARTS} 個)`,
        en: `the workbook has too many parts (${count}; at most ${MAX_PARTS})`,
      },
    };
  if (dirOffset + dirSize > eocd) return damaged({ ja: "目録の位置が不正です", en: "bad central directory" });
  const entries: Entry[] = [];
  let p = dirOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || bytes.readUInt32LE(p) !== 0x02014b50)
      return damaged({ ja: "目録が壊れています", en: "broken central directory" });
    const nameLength = bytes.readUInt16LE(p + 28);
    const extraLength = bytes.readUInt16LE(p + 30);
    const commentLength = bytes.readUInt16LE(p + 32);
    const entry: Entry = {
      flags: bytes.readUInt16LE(p + 8),
      method: bytes.readUInt16LE(p + 10),
      crc: bytes.readUInt32LE(p + 16),
      compressedSize: bytes.readUInt32LE(p + 20),
      size: bytes.readUInt32LE(p + 24),
      offset: bytes.readUInt32LE(p + 42),
      name: bytes.toString("utf8", p + 46, p + 46 + nameLength),
    };
    entries.push(entry);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The worksheet a part holds, for the message (`xl/worksheets/sheet3.xml` → 3). */
const WORKSHEET_PART = /^xl\/worksheets\/sheet(\d+)\.xml$/;

/** The checked parts of a workbook, or why it is refused. */
export function guardWorkbook(bytes: Buffer): Guarded {
  const listed = directory(bytes);
  if (!Array.isArray(listed)) return listed;
  const names = new Set<string>();
  let total = 0;
  for (const e of listed) {
    if (names.has(e.name))
      return damaged({ ja: `部品 ${e.name} が 2 つあります`, en: `two parts named ${e.name}` });
    names.add(e.name);
    if (e.flags & 1)
      return {
        ok: false,
        code: "workbook-encrypted",
        message: { ja: "暗号化された zip です。読めません", en: "the zip is encrypted: it cannot be read" },
      };
    if (e.method !== 0 && e.method !== 8)
      return damaged({
        ja: `未対応の圧縮方式 ${e.method}`,
        en: `unsupported compression method ${e.method}`,
      });
    if (e.size === 0xffffffff || e.compressedSize === 0xffffffff)
      return damaged({ ja: "ZIP64 形式です", en: "a ZIP64 file" });
    const sheet = WORKSHEET_PART.exec(e.name);
    if (e.size > MAX_PART_BYTES)
      return {
        ok: false,
        code: sheet ? "workbook-huge-worksheet" : "workbook-zip-bomb",
        message: sheet
          ? {
              ja: `${sheet[1]} 番目のワークシートが大きすぎます(展開すると ${mb(e.size)}。上限は ${mb(MAX_PART_BYTES)})。入力用ワークブックのワークシートは 1 MB もありません`,
              en: `worksheet ${sheet[1]} is too large (${mb(e.size)} inflated; at most ${mb(MAX_PART_BYTES)}); an input workbook's worksheets are under 1 MB`,
            }
          : {
              ja: `部品 ${e.name} が展開すると ${mb(e.size)} になります(上限 ${mb(MAX_PART_BYTES)})。zip 爆弾の可能性があるため読みません`,
              en: `the part ${e.name} inflates to ${mb(e.size)} (at most ${mb(MAX_PART_BYTES)}): refused as a possible zip bomb`,
            },
      };
    total += e.size;
    if (total > MAX_TOTAL_BYTES)
      return {
        ok: false,
        code: "workbook-zip-bomb",
        message: {
          ja: `ブック全体が展開すると ${mb(MAX_TOTAL_BYTES)} を超えます。zip 爆弾の可能性があるため読みません`,
          en: `the workbook inflates to more than ${mb(MAX_TOTAL_BYTES)}: refused as a possible zip bomb`,
        },
      };
  }
  const parts = new Map<string, Uint8Array>();
  for (const e of listed) {
    const at = e.offset;
    if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== 0x04034b50)
      return damaged({ ja: `部品 ${e.name} の位置が不正です`, en: `bad offset of ${e.name}` });
    const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
    if (start + e.compressedSize > bytes.length)
      return damaged({ ja: `部品 ${e.name} が途中で切れています`, en: `${e.name} is cut short` });
    const raw = bytes.subarray(start, start + e.compressedSize);
    let data: Uint8Array;
    try {
      // The declared size is the most the inflater may give: a directory that lies fails here.
      data = e.method === 0 ? raw : zlib.inflateRawSync(raw, { maxOutputLength: Math.max(1, e.size) });
    } catch {
      return damaged({ ja: `部品 ${e.name} を展開できません`, en: `${e.name} cannot be inflated` });
    }
    if (data.length !== e.size || (crc32 && crc32(data) >>> 0 !== e.crc >>> 0))
      return damaged({
        ja: `部品 ${e.name} の中身が目録と合いません`,
        en: `${e.name} does not match the directory`,
      });
    if (!e.name.endsWith("/")) parts.set(e.name, data);
  }
  // A macro project, or a main part declared macro-enabled (.xlsm): refused, never run, never carried over.
  const types = parts.get("[Content_Types].xml");
  if (
    [...names].some((n) => /(^|\/)vbaProject\.bin$/i.test(n)) ||
    (types && /macroEnabled/i.test(Buffer.from(types).toString("utf8")))
  )
    return MACROS;
  return { ok: true, parts };
}

const MACROS: Guarded = {
  ok: false,
  code: "workbook-macros",
  message: {
    ja: "マクロ付きのブック(.xlsm)です。マクロを含むブックは読み込みません",
    en: "the workbook holds macros (.xlsm); workbooks with macros are not read",
  },
  hint: {
    ja: "Excel で「名前を付けて保存」から Excel ブック(*.xlsx)で保存し直すとマクロが除かれます",
    en: "save it again as an Excel workbook (*.xlsx), which drops the macros",
  },
};

/** The checked parts as a new zip (stored, not compressed: it is read at once) for exceljs. */
export function repack(parts: ReadonlyMap<string, Uint8Array>): Buffer {
  const files: Record<string, [Uint8Array, { level: 0 }]> = {};
  for (const [name, data] of parts) files[name] = [data, { level: 0 }];
  return Buffer.from(zipSync(files));
}
