/**
 * The main thread's half of a sheet: a rendered sheet's files written atomically, the result made from what was
 * written. A file that cannot be written is that sheet's error, and only the files written are listed.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sha256 } from "../../src/pipeline/fingerprint.js";
import type { RenderedSheet, SheetResult } from "../../src/pipeline/process-sheet.js";
import { finishSheet, writeOutputs } from "../../src/pipeline/write-outputs.js";
import { OutputFolders, TEMP_SUFFIX } from "../../src/write/atomic.js";
import { tempDir } from "../helpers.js";

const PDF = Buffer.from("%PDF-1.7 fake\n%%EOF\n");
const XLSX = new Uint8Array(200_000).map((_, i) => (i * 7) % 251);

function rendered(extra: Partial<RenderedSheet> = {}): RenderedSheet {
  return {
    file: "data/2013/72302000.json",
    status: "rendered",
    inputHash: "h",
    identity: { formId: "sheet-1", year: 2013, code: "72302000", title: "t", author: "a", groups: [] },
    model: { kept: true },
    files: [
      { relPath: "2013/72302000.pdf", bytes: PDF },
      { relPath: "2013/72302000.xlsx", bytes: XLSX },
    ],
    outputs: [],
    pages: 2,
    diagnostics: [{ severity: "warning", code: "w", file: "data/2013/72302000.json", message: "a warning" }],
    timings: { load: 1, pdf: 10 },
    durationMs: 20,
    ...extra,
  };
}

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

describe("writeOutputs", () => {
  it("writes the files and lists them with the sha256 of the bytes on disk", async () => {
    const out = tempDir();
    const r = await writeOutputs(new OutputFolders(out), rendered(), "ja");
    expect(r.status).toBe("built");
    expect(allFiles(out)).toEqual(["2013/72302000.pdf", "2013/72302000.xlsx"]);
    expect(r.outputs.map((o) => o.path)).toEqual(["2013/72302000.pdf", "2013/72302000.xlsx"]);
    for (const o of r.outputs) {
      const bytes = readFileSync(path.join(out, o.path));
      expect(o.sha256, o.path).toBe(sha256(bytes));
      expect(o.bytes, o.path).toBe(bytes.length);
    }
    expect(readFileSync(path.join(out, "2013/72302000.xlsx")).equals(Buffer.from(XLSX))).toBe(true);
    // What the worker found is kept; the write is timed and added to the sheet's duration.
    expect(r).toMatchObject({
      inputHash: "h",
      model: { kept: true },
      pages: 2,
      timings: { load: 1, pdf: 10 },
    });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["w"]);
    expect(r.timings.write).toBeGreaterThan(0);
    expect(r.durationMs).toBeCloseTo(20 + (r.timings.write ?? 0), 6);
    expect("files" in r).toBe(false);
  });

  it("makes a file that cannot be written that sheet's error, and lists only what was written", async () => {
    const out = tempDir();
    // A folder where the PDF should go: the rename into place fails; the workbook is still written.
    mkdirSync(path.join(out, "2013/72302000.pdf"), { recursive: true });
    writeFileSync(path.join(out, "2013/72302000.pdf/keep"), "x");
    const r = await writeOutputs(new OutputFolders(out), rendered(), "ja");
    expect(r.status).toBe("failed");
    expect(r.outputs.map((o) => o.path)).toEqual(["2013/72302000.xlsx"]);
    expect(r.outputs[0]?.sha256).toBe(sha256(readFileSync(path.join(out, "2013/72302000.xlsx"))));
    const errors = r.diagnostics.filter((d) => d.severity === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "write-failed", file: "data/2013/72302000.json" });
    expect(errors[0]?.message).toContain("出力ファイル 2013/72302000.pdf を書き込めませんでした: ");
    expect(allFiles(out).filter((f) => f.endsWith(TEMP_SUFFIX))).toEqual([]);
  });

  it("reports both files when their folder cannot be made, in English too", async () => {
    const out = tempDir();
    writeFileSync(path.join(out, "2013"), "a file where the year's folder should be");
    const r = await writeOutputs(new OutputFolders(out), rendered(), "en");
    expect(r.status).toBe("failed");
    expect(r.outputs).toEqual([]);
    const messages = r.diagnostics.filter((d) => d.code === "write-failed").map((d) => d.message);
    expect(messages).toEqual([
      expect.stringContaining("could not write the output 2013/72302000.pdf: "),
      expect.stringContaining("could not write the output 2013/72302000.xlsx: "),
    ]);
  });
});

describe("finishSheet", () => {
  it("passes a skipped or failed sheet through and writes nothing for it", async () => {
    const out = tempDir();
    const skipped: SheetResult = {
      file: "a.json",
      status: "skipped",
      outputs: [{ path: "2013/a.pdf", sha256: "0", bytes: 1 }],
      diagnostics: [],
      timings: { load: 1 },
      durationMs: 1,
    };
    expect(await finishSheet(new OutputFolders(out), skipped, "ja")).toBe(skipped);
    const failed: SheetResult = { ...skipped, status: "failed", outputs: [] };
    expect(await finishSheet(new OutputFolders(out), failed, "ja")).toBe(failed);
    expect(allFiles(out)).toEqual([]);
  });
});
