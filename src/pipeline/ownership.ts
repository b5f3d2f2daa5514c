/**
 * Which files under `--out` hyoka wrote, so that it never replaces one it did not (or one changed since). Two
 * records say so: the manifest's, and a ledger, `.hyoka/written`, of `<sha256> <bytes> <path>` lines that a
 * command appends to *before* it renames a file into place. A build killed outright thus leaves a record of
 * the files it had written since its last manifest checkpoint, and a manifest that was lost or set aside still
 * leaves the ledger. The ledger is rewritten to what the manifest records at the end of each command.
 *
 * Read as untrusted, as the manifest is: a line naming a path hyoka does not write is ignored; the file is
 * opened without following a link; at most {@link MAX_LEDGER_BYTES} are read.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, writeSync } from "node:fs";
import path from "node:path";
import type { Localized } from "../i18n.js";
import { writeAtomic } from "../write/atomic.js";
import {
  foreignFile,
  isSafeRelPath,
  type Manifest,
  type OutputRecord,
  outputIntact,
  ownedFiles,
} from "./manifest.js";

export const LEDGER_PATH = ".hyoka/written";
export const MAX_LEDGER_BYTES = 16 * 1024 * 1024;

/** The names hyoka writes under `--out`: a sheet's outputs, a year's summary or book, a report. */
const HYOKA_NAME =
  /^(?:\d{4}\/(?:[0-9A-Za-z_-]{1,60}\.(?:pdf|xlsx)|summary\.xlsx|book\.pdf)|report(?:\.shard-[1-9]\d{0,3}-of-[1-9]\d{0,3})?\.json)$/;
const LINE = /^([0-9a-f]{64}) (\d{1,15}) (.+)$/;

const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

function readLedger(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | NOFOLLOW | (constants.O_NONBLOCK ?? 0));
  } catch {
    return "";
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return "";
    const size = Math.min(info.size, MAX_LEDGER_BYTES);
    const bytes = Buffer.alloc(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, bytes, read, size - read, read);
      if (n <= 0) break;
      read += n;
    }
    return bytes.subarray(0, read).toString("utf8");
  } catch {
    return "";
  } finally {
    closeSync(fd);
  }
}

export class Ownership {
  private appendFd: number | undefined;

  private constructor(
    private readonly realRoot: string,
    private readonly records: Map<string, OutputRecord[]>,
  ) {}

  /** What the manifest and the ledger in `realRoot` say hyoka wrote. */
  static open(realRoot: string, manifest: Manifest): Ownership {
    const records = new Map<string, OutputRecord[]>();
    const add = (r: OutputRecord) => addRecord(records, r);
    for (const r of ownedFiles(manifest).values()) add(r);
    for (const line of readLedger(path.join(realRoot, LEDGER_PATH)).split("\n")) {
      const m = LINE.exec(line);
      if (!m) continue;
      const [, sha256, bytes, rel] = m as unknown as [string, string, string, string];
      if (isSafeRelPath(rel) && HYOKA_NAME.test(rel)) add({ path: rel, sha256, bytes: Number(bytes) });
    }
    return new Ownership(realRoot, records);
  }

  /**
   * What stands where hyoka is about to write `rel`: nothing, a file hyoka wrote (the bytes of one of its
   * records), or something else (a file it did not write or that was changed since, a link, a folder).
   */
  standing(rel: string): "nothing" | "ours" | "foreign" {
    const records = this.records.get(rel) ?? [];
    if (records.some((r) => outputIntact(this.realRoot, r))) return "ours";
    try {
      lstatSync(path.join(this.realRoot, rel));
      return "foreign";
    } catch {
      return "nothing";
    }
  }

  /** Why `rel` may not be written, or undefined when it may. */
  refuse(rel: string): Localized | undefined {
    return this.standing(rel) === "foreign" ? foreignFile(rel) : undefined;
  }

  /** Notes files about to be renamed into place, before they are (see the module's comment). */
  note(records: readonly OutputRecord[]): void {
    for (const r of records) addRecord(this.records, r);
    try {
      this.appendFd ??= openSync(
        path.join(this.realRoot, LEDGER_PATH),
        constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | NOFOLLOW,
        0o644,
      );
      writeSync(this.appendFd, records.map((r) => `${r.sha256} ${r.bytes} ${r.path}\n`).join(""));
    } catch {
      // Without the note a file written now is known by the manifest alone (as before the ledger existed).
    }
  }

  /** At a command's end, once its manifest is written: the ledger becomes what the manifest records. */
  async settle(manifest: Manifest): Promise<void> {
    if (this.appendFd !== undefined) closeSync(this.appendFd);
    this.appendFd = undefined;
    const lines = [...ownedFiles(manifest).values()]
      .map((r) => `${r.sha256} ${r.bytes} ${r.path}\n`)
      .join("");
    await writeAtomic(this.realRoot, LEDGER_PATH, Buffer.from(lines));
  }
}

/** A record kept once per path and content: each is a file read and hashed when the path is about to be written. */
function addRecord(records: Map<string, OutputRecord[]>, r: OutputRecord): void {
  const known = records.get(r.path) ?? [];
  if (!known.some((k) => k.sha256 === r.sha256)) records.set(r.path, [...known, r]);
}
