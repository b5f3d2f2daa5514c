/**
 * What the last build wrote, kept in `out/.hyoka/manifest.json`: per input file, the hash it was built from and
 * the outputs with their sha256. Used to skip unchanged sheets and to remove outputs of deleted inputs.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { writeAtomic } from "../write/atomic.js";

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
