/**
 * What the last build wrote, kept in `out/.hyoka/manifest.json`: per input file, the hash it was built from and
 * the outputs with their sha256. Used to skip unchanged sheets and to remove outputs of deleted inputs.
 *
 * A build writes it at its end, and every few seconds while it runs ({@link ManifestCheckpoints}), so a build
 * that is killed outright (SIGKILL, a machine that goes down) leaves a record of most of what it wrote: the next
 * build skips those sheets instead of making them all again. A record only ever names files that were complete
 * on disk when it was made, and a sheet is skipped only when its outputs still have the recorded sha256.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { writeAtomic } from "../write/atomic.js";
import type { SheetResult } from "./process-sheet.js";

export const MANIFEST_PATH = ".hyoka/manifest.json";

export interface OutputRecord {
  /** Relative to the output folder, with `/`. */
  path: string;
  sha256: string;
  bytes: number;
}

export interface ManifestEntry {
  input: string;
  inputHash: string;
  year: number;
  code: string;
  outputs: OutputRecord[];
}

export interface Manifest {
  version: 1;
  entries: Record<string, ManifestEntry>;
}

export async function readManifest(outDir: string): Promise<Manifest> {
  try {
    const parsed = JSON.parse(await readFile(path.join(outDir, MANIFEST_PATH), "utf8")) as Manifest;
    if (parsed.version === 1 && parsed.entries && typeof parsed.entries === "object") return parsed;
  } catch {
    // no manifest yet, or an unreadable one: build everything
  }
  return { version: 1, entries: {} };
}

export async function writeManifest(outDir: string, manifest: Manifest): Promise<void> {
  const sorted: Manifest = {
    version: 1,
    entries: Object.fromEntries(
      Object.entries(manifest.entries).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    ),
  };
  await writeAtomic(outDir, MANIFEST_PATH, Buffer.from(`${JSON.stringify(sorted, null, 2)}\n`));
}

/** Records a sheet's final result: what a built or skipped sheet wrote; a failed sheet is forgotten. */
export function recordResult(manifest: Manifest, result: SheetResult): void {
  if ((result.status === "built" || result.status === "skipped") && result.identity && result.inputHash) {
    manifest.entries[result.file] = {
      input: result.file,
      inputHash: result.inputHash,
      year: result.identity.year,
      code: result.identity.code,
      outputs: result.outputs,
    };
  } else if (result.status === "failed") {
    delete manifest.entries[result.file];
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
    private readonly outDir: string,
    private readonly manifest: Manifest,
    everyMs: number = CHECKPOINT_MS,
  ) {
    this.timer = setInterval(() => this.write(), everyMs);
    this.timer.unref();
  }

  /** Records a sheet's result, to be written with the next checkpoint. */
  record(result: SheetResult): void {
    recordResult(this.manifest, result);
    this.changed = true;
  }

  private write(): void {
    if (!this.changed || this.stopped) return;
    this.changed = false;
    this.writing = this.writing.then(() => writeManifest(this.outDir, this.manifest)).catch(() => {});
  }

  /** Ends the checkpoints: resolves once none is being written, so the build's final write comes last. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.writing;
  }
}
