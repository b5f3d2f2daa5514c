/**
 * What hyoka wrote, kept in `out/.hyoka/manifest.json`: per input file, the hash it was built from, the outputs
 * with their sha256, and the warnings it had; and the year-level outputs (summaries). Used to skip unchanged
 * sheets and to remove outputs that no input makes any more.
 *
 * The manifest comes back from CI caches and artifacts, so it is read as untrusted input: parsed with a schema,
 * an entry that names a path outside the output folder (absolute, `..`, a name hyoka never writes) is dropped
 * with a warning and never read, hashed or deleted, and a manifest of the wrong shape is set aside and rebuilt.
 * Files are reached only through {@link recordedFile}, which refuses a link anywhere on the way.
 *
 * Keys are the inputs' real paths relative to the output folder's real path, so the same folder built from
 * another working folder (or a checkout in another place, with its output folder beside it) finds its entries.
 *
 * A build writes it at its end, and every few seconds while it runs ({@link ManifestCheckpoints}), so a build
 * that is killed outright leaves a record of most of what it wrote. A record only ever names files that were
 * complete on disk when it was made, and a sheet is skipped only when its outputs still have the recorded sha256.
 */
import { createHash } from "node:crypto";
import { closeSync, lstatSync, openSync, readSync, unlinkSync } from "node:fs";
import { lstat, readFile, rename } from "node:fs/promises";
import path from "node:path";
import type { Diagnostic } from "../diagnostics.js";
import { FORM_ID } from "../forms/identity-hint.js";
import type { Lang, Localized } from "../i18n.js";
import { writeAtomic } from "../write/atomic.js";
import { recordedOutputPaths } from "./output-paths.js";
import type { OutputRecord, SheetResult } from "./sheet-result.js";

export type { OutputRecord } from "./sheet-result.js";

import { int, list, oneOf, parseShape, record, text } from "./record-shape.js";

export const MANIFEST_PATH = ".hyoka/manifest.json";
export const MANIFEST_VERSION = 2;
/** Far above any real manifest (some 600 bytes a sheet); a larger file is not read. */
export const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/** A warning as a sheet's entry keeps it, to be reported again when the sheet is skipped. */
export type StoredWarning = Omit<Diagnostic, "severity" | "file">;

export interface ManifestEntry {
  /** The key: the input's real path relative to the output folder's real path, with `/`. */
  input: string;
  inputHash: string;
  /** The language the warnings are in. */
  lang: Lang;
  /** The sheet's form (absent in entries written before hyoka had a second form). */
  form?: string;
  /** What the sheet lists (SheetIdentity.members), for the check across a measure's forms when it is skipped. */
  members?: string[];
  year: number;
  code: string;
  outputs: OutputRecord[];
  warnings: StoredWarning[];
}

export interface Manifest {
  entries: Map<string, ManifestEntry>;
  /** Outputs made from a year's sheets (the summary workbook, the book), by path. */
  yearOutputs: Map<string, OutputRecord>;
  /** The reports a build wrote (`report.json`, a shard's report), by path. */
  reports: Map<string, OutputRecord>;
}

export function emptyManifest(): Manifest {
  return { entries: new Map(), yearOutputs: new Map(), reports: new Map() };
}

export function copyManifest(m: Manifest): Manifest {
  return { entries: new Map(m.entries), yearOutputs: new Map(m.yearOutputs), reports: new Map(m.reports) };
}

/** A year-level output's path: `<year>/summary.xlsx` or `<year>/book.pdf`. */
const YEAR_OUTPUT = /^\d{4}\/(?:summary\.xlsx|book\.pdf)$/;
/** A build's report: `report.json`, or `report.shard-<i>-of-<n>.json`. */
const REPORT = /^report(?:\.shard-[1-9]\d{0,3}-of-[1-9]\d{0,3})?\.json$/;

/** The key of an input: its real path relative to the output folder's real path. */
export function inputKey(realRoot: string, realInput: string): string {
  return path.relative(realRoot, realInput).split(path.sep).join("/");
}

const sha = text(64, 64, /^[0-9a-f]{64}$/);
const outputRecord = record({ path: text(0, 300), sha256: sha, bytes: int(0, Number.MAX_SAFE_INTEGER) });
const yearOutputRecord = record(
  { path: text(0, 300), sha256: sha, bytes: int(0, Number.MAX_SAFE_INTEGER) },
  { from: sha },
);
const storedWarning = record(
  { code: text(0, 100), message: text(0, 20_000) },
  {
    line: int(1, Number.MAX_SAFE_INTEGER),
    column: int(1, Number.MAX_SAFE_INTEGER),
    pointer: text(0, 2000),
    field: text(0, 2000),
    hint: text(0, 20_000),
  },
);
const entrySchema = record(
  {
    input: text(1, 4096),
    inputHash: sha,
    lang: oneOf("ja", "en"),
    year: int(0, 9999),
    code: text(1, 40, /^[0-9A-Za-z_-]{1,40}$/),
    outputs: list(outputRecord, 16),
    warnings: list(storedWarning, 500),
  },
  { form: text(1, 41, FORM_ID), members: list(text(0, 2000), 1000) },
);
const anyList = list(() => true);
const manifestShape = record(
  { version: oneOf(MANIFEST_VERSION), entries: anyList, yearOutputs: anyList },
  { reports: anyList },
);

/** The first format (hyoka before the trust fixes): entries keyed by the input as named from the working folder. */
const legacyShape = record(
  {
    version: oneOf(1),
    entries: (v) => v !== null && typeof v === "object" && !Array.isArray(v),
  },
  {},
  false,
);

export interface ManifestRead {
  manifest: Manifest;
  /** What was wrong with it: each a warning for the user (the build goes on). */
  problems: Localized[];
}

function problemAt(index: number, what: string, why: Localized): Localized {
  return {
    ja: `記録 ${what}[${index}] を無視します: ${why.ja}`,
    en: `ignoring record ${what}[${index}]: ${why.en}`,
  };
}

const OUTSIDE: Localized = {
  ja: "出力フォルダ内の hyoka の出力ではないパスを指しています",
  en: "it names a path that is not one of hyoka's outputs inside the output folder",
};

/**
 * Reads the manifest in `realRoot`. Never throws: a missing one is an empty manifest; one that cannot be used
 * (not a regular file, too large, not JSON, the wrong shape or an older format) is set aside as
 * `manifest.json.invalid` with a warning, and the build starts from an empty one.
 */
export async function readManifest(realRoot: string): Promise<ManifestRead> {
  const file = path.join(realRoot, MANIFEST_PATH);
  const setAside = async (why: Localized): Promise<ManifestRead> => {
    await rename(file, `${file}.invalid`).catch(() => {});
    return {
      manifest: emptyManifest(),
      problems: [
        {
          ja: `前回の記録 ${MANIFEST_PATH} を使えないため ${MANIFEST_PATH}.invalid として退避し、すべて作り直します: ${why.ja}`,
          en: `the record ${MANIFEST_PATH} cannot be used; set aside as ${MANIFEST_PATH}.invalid, everything is rebuilt: ${why.en}`,
        },
      ],
    };
  };
  let text: string;
  try {
    const info = await lstat(file);
    if (!info.isFile())
      return {
        manifest: emptyManifest(),
        problems: [
          {
            ja: `前回の記録 ${MANIFEST_PATH} が通常のファイルではないため使いません(リンクはたどりません)`,
            en: `the record ${MANIFEST_PATH} is not a regular file and is not used (links are not followed)`,
          },
        ],
      };
    if (info.size > MAX_MANIFEST_BYTES)
      return setAside({ ja: `大きすぎます(${info.size} バイト)`, en: `too large (${info.size} bytes)` });
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { manifest: emptyManifest(), problems: [] };
    return {
      manifest: emptyManifest(),
      problems: [
        {
          ja: `前回の記録 ${MANIFEST_PATH} を読めないため使いません(${code ?? "?"})`,
          en: `cannot read the record ${MANIFEST_PATH} (${code ?? "?"}); not used`,
        },
      ],
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return setAside({ ja: "JSON として読めません", en: "not valid JSON" });
  }
  const shape = parseShape<{ entries: unknown[]; yearOutputs: unknown[]; reports?: unknown[] }>(
    manifestShape,
    raw,
  );
  if (shape.success)
    return parseManifest(shape.data.entries, shape.data.yearOutputs, shape.data.reports ?? []);
  const legacy = parseShape<{ entries: Record<string, unknown> }>(legacyShape, raw);
  if (legacy.success) return parseManifest(migrateLegacy(realRoot, legacy.data.entries), [], []);
  return setAside({ ja: "形式が違います", en: "not the expected format" });
}

/**
 * The first format's entries in today's: its keys were the inputs as named from the working folder, which was
 * in practice the output folder's parent (`out/` beside `data/`); they are read as such. Each entry is built
 * again once (no hash), but the files it names stay known as hyoka's: they are replaced, not refused.
 */
function migrateLegacy(realRoot: string, entries: Record<string, unknown>): unknown[] {
  return Object.entries(entries).map(([key, value]) => {
    if (!value || typeof value !== "object") return value;
    const { input: _input, inputHash: _hash, ...rest } = value as Record<string, unknown>;
    return {
      ...rest,
      input: inputKey(realRoot, path.resolve(path.dirname(realRoot), key)),
      inputHash: NO_HASH,
      lang: "ja",
      warnings: [],
    };
  });
}

/** The entries and year outputs of a manifest of the right outer shape, each checked on its own. */
export function parseManifest(
  entries: readonly unknown[],
  yearOutputs: readonly unknown[],
  reports: readonly unknown[] = [],
): ManifestRead {
  const read = parseRecords(entries, yearOutputs, reports);
  if (read.problems.length <= MAX_PROBLEMS_SHOWN) return read;
  const more = read.problems.length - MAX_PROBLEMS_SHOWN;
  return {
    manifest: read.manifest,
    problems: [
      ...read.problems.slice(0, MAX_PROBLEMS_SHOWN),
      { ja: `…ほかに無視した記録 ${more} 件`, en: `… and ${more} more records ignored` },
    ],
  };
}

/** The most problems with single records said one by one; the rest are counted. */
const MAX_PROBLEMS_SHOWN = 20;

function parseRecords(
  entries: readonly unknown[],
  yearOutputs: readonly unknown[],
  reports: readonly unknown[],
): ManifestRead {
  const manifest = emptyManifest();
  const problems: Localized[] = [];
  entries.forEach((raw, i) => {
    const parsed = parseShape<ManifestEntry>(entrySchema, raw);
    if (!parsed.success) {
      problems.push(problemAt(i, "entries", { ja: "形式が違います", en: "wrong shape" }));
      return;
    }
    const entry = parsed.data as ManifestEntry;
    const allowed = new Set(recordedOutputPaths(entry));
    if (!entry.outputs.every((o) => allowed.has(o.path) && isSafeRelPath(o.path))) {
      problems.push(problemAt(i, "entries", OUTSIDE));
      return;
    }
    if (manifest.entries.has(entry.input)) {
      problems.push(problemAt(i, "entries", { ja: "入力が重複しています", en: "its input is listed twice" }));
      return;
    }
    manifest.entries.set(entry.input, entry);
  });
  const others = (
    list: readonly unknown[],
    what: string,
    pattern: RegExp,
    into: Map<string, OutputRecord>,
    shape = outputRecord,
  ) =>
    list.forEach((raw, i) => {
      const parsed = parseShape<OutputRecord>(shape, raw);
      if (!parsed.success || !pattern.test(parsed.data.path)) {
        problems.push(problemAt(i, what, OUTSIDE));
        return;
      }
      into.set(parsed.data.path, parsed.data);
    });
  others(yearOutputs, "yearOutputs", YEAR_OUTPUT, manifest.yearOutputs, yearOutputRecord);
  others(reports, "reports", REPORT, manifest.reports);
  return { manifest, problems };
}

/** A relative path of plain segments: no absolute path, no `.`/`..`, no empty or hidden segment, no `\`. */
export function isSafeRelPath(rel: string): boolean {
  if (rel.length === 0 || rel.length > 300 || rel.includes("\\") || rel.includes("\0")) return false;
  return rel.split("/").every((seg) => seg !== "" && !seg.startsWith(".") && /^[0-9A-Za-z_.-]+$/.test(seg));
}

/**
 * The absolute path of a recorded output under `realRoot` when it is a regular file reached through folders
 * alone (no link anywhere on the way), else undefined. Synchronous: a build's workers call it for a skipped
 * sheet's outputs (see load/read-source.ts on why synchronous there).
 */
export function recordedFile(realRoot: string, rel: string): string | undefined {
  if (!isSafeRelPath(rel)) return undefined;
  let current = realRoot;
  const segments = rel.split("/");
  try {
    for (const [i, seg] of segments.entries()) {
      current = path.join(current, seg);
      const info = lstatSync(current);
      if (i < segments.length - 1 ? !info.isDirectory() : !info.isFile()) return undefined;
    }
  } catch {
    return undefined;
  }
  return current;
}

/**
 * One buffer the outputs are hashed through, a piece at a time: an unchanged build checks every output it
 * skips (some 30 MB for 200 sheets), and reading each whole into a new buffer of its own cost it 80 ms of
 * garbage collection, a fifth of its time.
 */
const HASH_CHUNK = Buffer.allocUnsafe(256 * 1024);

function fileSha256(file: string): string {
  const hash = createHash("sha256");
  const fd = openSync(file, "r");
  try {
    for (;;) {
      const n = readSync(fd, HASH_CHUNK, 0, HASH_CHUNK.length, null);
      if (n <= 0) break;
      hash.update(HASH_CHUNK.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest("hex");
}

/** Whether the recorded output is on disk, a regular file under `realRoot`, with the recorded bytes. */
export function outputIntact(realRoot: string, record: OutputRecord): boolean {
  const file = recordedFile(realRoot, record.path);
  if (!file) return false;
  try {
    if (lstatSync(file).size !== record.bytes) return false;
    return fileSha256(file) === record.sha256;
  } catch {
    return false;
  }
}

/** Every file the manifest says hyoka wrote, by path. */
export function ownedFiles(manifest: Manifest): Map<string, OutputRecord> {
  const owned = new Map<string, OutputRecord>();
  for (const entry of manifest.entries.values()) for (const o of entry.outputs) owned.set(o.path, o);
  for (const o of manifest.yearOutputs.values()) owned.set(o.path, o);
  for (const o of manifest.reports.values()) owned.set(o.path, o);
  return owned;
}

/** The message for a file hyoka will not replace. */
export function foreignFile(rel: string): Localized {
  return {
    ja: `${rel} は hyoka が書いたものではない(または書いた後に変更された)ため上書きしません。必要なら別の場所へ移してから、もう一度実行してください`,
    en: `${rel} was not written by hyoka (or was changed since), so it is not replaced; move it elsewhere if you need it, then run again`,
  };
}

export type Removal = "removed" | "missing" | "changed" | "failed";

/**
 * Removes a recorded output only when it is still the file hyoka wrote: a regular file under `realRoot`,
 * reached without links, with the recorded size and sha256. A file changed since is kept.
 */
export function removeRecorded(realRoot: string, record: OutputRecord): Removal {
  const file = recordedFile(realRoot, record.path);
  if (!file) return "missing";
  if (!outputIntact(realRoot, record)) return "changed";
  try {
    unlinkSync(file);
    return "removed";
  } catch {
    return "failed";
  }
}

export async function writeManifest(realRoot: string, manifest: Manifest): Promise<void> {
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const body = {
    version: MANIFEST_VERSION,
    entries: [...manifest.entries.values()].sort((a, b) => byText(a.input, b.input)),
    yearOutputs: [...manifest.yearOutputs.values()].sort((a, b) => byText(a.path, b.path)),
    reports: [...manifest.reports.values()].sort((a, b) => byText(a.path, b.path)),
  };
  await writeAtomic(realRoot, MANIFEST_PATH, Buffer.from(`${JSON.stringify(body, null, 2)}\n`));
}

/** A sheet's warnings as its entry keeps them. */
export function storedWarnings(diagnostics: readonly Diagnostic[]): StoredWarning[] {
  return diagnostics
    .filter((d) => d.severity === "warning")
    .map(({ severity: _s, file: _f, ...rest }) => rest);
}

/**
 * Failures that say nothing against a sheet's earlier outputs: a time or memory limit, a crashed worker, a
 * renderer's exception, a write that failed. The sheet keeps its entry (and so its outputs stay hyoka's, to be
 * replaced or removed later); only a failure of the sheet's own data forgets them.
 */
export const OUTPUT_KEEPING_FAILURES: ReadonlySet<string> = new Set([
  "output-foreign",
  "timeout",
  "out-of-memory",
  "worker-crashed",
  "internal",
  "render-failed",
  "write-failed",
]);

export function keepsOutputs(result: SheetResult): boolean {
  return result.status === "failed" && result.diagnostics.some((d) => OUTPUT_KEEPING_FAILURES.has(d.code));
}

/** No sheet's hash: an entry with it is never skipped. */
const NO_HASH = "0".repeat(64);

/**
 * Records a sheet's final result under its key: what a built or skipped sheet wrote. A sheet that failed on its
 * data is forgotten; one that failed otherwise keeps its entry, with what this build did write added to it and
 * its hash cleared when anything was, so that it is built again next time.
 */
export function recordResult(manifest: Manifest, key: string, result: SheetResult, lang: Lang): void {
  if ((result.status === "built" || result.status === "skipped") && result.identity && result.inputHash) {
    manifest.entries.set(key, {
      input: key,
      inputHash: result.inputHash,
      lang,
      ...(result.identity.formId ? { form: result.identity.formId } : {}),
      ...(result.identity.members ? { members: result.identity.members } : {}),
      year: result.identity.year,
      code: result.identity.code,
      outputs: result.outputs,
      warnings: storedWarnings(result.diagnostics),
    });
  } else if (result.status === "failed") {
    const kept = manifest.entries.get(key);
    if (!keepsOutputs(result)) manifest.entries.delete(key);
    else if (result.outputs.length > 0 && result.identity) {
      const written = new Set(result.outputs.map((o) => o.path));
      const same =
        kept &&
        kept.year === result.identity.year &&
        kept.code === result.identity.code &&
        (kept.form ?? result.identity.formId) === result.identity.formId;
      manifest.entries.set(key, {
        input: key,
        inputHash: NO_HASH,
        lang,
        ...(result.identity.formId ? { form: result.identity.formId } : {}),
        year: result.identity.year,
        code: result.identity.code,
        outputs: [...result.outputs, ...(same ? kept.outputs.filter((o) => !written.has(o.path)) : [])],
        warnings: [],
      });
    }
  }
}

/** How often a running build writes its manifest, when something changed. */
export const CHECKPOINT_MS = 2000;

/**
 * Writes a build's manifest while it runs: every `everyMs`, if it changed since the last write. A write that
 * fails is left for the build's final write to report.
 */
export class ManifestCheckpoints {
  private readonly timer: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();
  private changed = false;
  private stopped = false;

  constructor(
    private readonly realRoot: string,
    private readonly manifest: Manifest,
    private readonly lang: Lang,
    everyMs: number = CHECKPOINT_MS,
  ) {
    this.timer = setInterval(() => this.checkpoint(), everyMs);
    this.timer.unref();
  }

  /** Records a sheet's result, to be written with the next checkpoint. */
  record(key: string, result: SheetResult): void {
    recordResult(this.manifest, key, result, this.lang);
    this.changed = true;
  }

  /** Writes the manifest now if it changed (the timer calls this; tests call it directly). */
  checkpoint(): Promise<void> {
    if (!this.changed || this.stopped) return this.writing;
    this.changed = false;
    this.writing = this.writing.then(() => writeManifest(this.realRoot, this.manifest)).catch(() => {});
    return this.writing;
  }

  /** Ends the checkpoints: resolves once none is being written, so the build's final write comes last. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.writing;
  }
}
