/** The manifest a running build writes every few seconds, so that a killed build's work is not lost. */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MANIFEST_PATH, type Manifest, ManifestCheckpoints } from "../../src/pipeline/manifest.js";
import type { SheetResult } from "../../src/pipeline/process-sheet.js";
import { tempDir } from "../helpers.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function built(file: string): SheetResult {
  return {
    file,
    status: "built",
    inputHash: `hash of ${file}`,
    identity: { formId: "sheet-1", year: 2013, code: file, title: file, author: "", groups: [] },
    outputs: [{ path: `2013/${file}.pdf`, sha256: "0".repeat(64), bytes: 1 }],
    diagnostics: [],
    timings: {},
    durationMs: 1,
  };
}

function onDisk(outDir: string): Manifest | undefined {
  const file = path.join(outDir, MANIFEST_PATH);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Manifest) : undefined;
}

describe("ManifestCheckpoints", () => {
  it("writes what was recorded while the build runs, and nothing when nothing changed", async () => {
    const outDir = tempDir();
    const previous = built("kept");
    const manifest: Manifest = { version: 1, entries: {} };
    const checkpoints = new ManifestCheckpoints(outDir, manifest, 20);
    try {
      await sleep(60);
      expect(onDisk(outDir)).toBeUndefined();
      checkpoints.record(previous);
      checkpoints.record(built("a"));
      await sleep(80);
      expect(Object.keys(onDisk(outDir)?.entries ?? {})).toEqual(["a", "kept"]);
      checkpoints.record({ ...built("a"), status: "failed" });
      await sleep(80);
      expect(Object.keys(onDisk(outDir)?.entries ?? {})).toEqual(["kept"]);
      expect(onDisk(outDir)?.entries.kept?.outputs[0]?.path).toBe("2013/kept.pdf");
    } finally {
      await checkpoints.stop();
    }
  });

  it("writes nothing more once stopped, so the build's final write is the last", async () => {
    const outDir = tempDir();
    const manifest: Manifest = { version: 1, entries: {} };
    const checkpoints = new ManifestCheckpoints(outDir, manifest, 10);
    checkpoints.record(built("a"));
    await sleep(40);
    await checkpoints.stop();
    checkpoints.record(built("b"));
    await sleep(40);
    expect(Object.keys(onDisk(outDir)?.entries ?? {})).toEqual(["a"]);
  });
});
