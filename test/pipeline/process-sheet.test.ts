/**
 * The pipeline's own logic, with small renderers standing in for pdfmake and exceljs: what is skipped, what
 * fails, what is rendered (and nothing written: the main thread writes, see write-outputs.test.ts). The real
 * renderers are covered by the render and CLI tests.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FormRegistry } from "../../src/forms/registry.js";
import { sha256 } from "../../src/pipeline/fingerprint.js";
import {
  renderSheet,
  type SheetContext,
  type SheetJob,
  type SheetOutcome,
  type SheetRenderers,
  type SheetResult,
} from "../../src/pipeline/process-sheet.js";
import { finishSheet } from "../../src/pipeline/write-outputs.js";
import { OutputFolders } from "../../src/write/atomic.js";
import { SEED_JSON, seedText, tempDir } from "../helpers.js";

let registry: FormRegistry;
beforeAll(async () => {
  registry = await FormRegistry.load();
});

function renderers(overrides: Partial<SheetRenderers> = {}): SheetRenderers {
  return {
    checkGlyphs: () => [],
    pdf: async () => ({ bytes: Buffer.from("%PDF-fake"), pages: 2, diagnostics: [] }),
    xlsx: async () => Buffer.from("PK-fake"),
    ...overrides,
  };
}

function job(outDir: string, extra: Partial<SheetJob> = {}): SheetJob {
  return {
    file: SEED_JSON,
    outDir,
    lang: "ja",
    force: false,
    environment: "env",
    version: "0.0.0",
    wantModel: true,
    ...extra,
  };
}

/** Renders, then writes as the build's main thread does. */
async function build(ctx: SheetContext, j: SheetJob): Promise<SheetResult> {
  return finishSheet(new OutputFolders(j.outDir), await renderSheet(ctx, j), j.lang);
}

describe("renderSheet", () => {
  it("gives back <year>/<code>.pdf and .xlsx to write, and writes nothing itself", async () => {
    const out = tempDir();
    const ctx: SheetContext = { registry, renderers: renderers() };
    const r: SheetOutcome = await renderSheet(ctx, job(out));
    if (r.status !== "rendered") throw new Error(`expected a rendered sheet, got ${r.status}`);
    expect(r.files.map((f) => f.relPath)).toEqual(["2013/72302000.pdf", "2013/72302000.xlsx"]);
    expect(Buffer.from(r.files[0]?.bytes ?? []).toString()).toBe("%PDF-fake");
    expect(r.outputs).toEqual([]);
    expect(r.pages).toBe(2);
    expect(existsSync(path.join(out, "2013"))).toBe(false);
    expect(r.identity).toMatchObject({ year: 2013, code: "72302000" });
    expect(r.model).toBeDefined();
    expect(Object.keys(r.timings)).toEqual(expect.arrayContaining(["load", "validate", "pdf", "xlsx"]));
    expect(r.timings.write).toBeUndefined();

    const built = await finishSheet(new OutputFolders(out), r, "ja");
    expect(built.status).toBe("built");
    expect(built.outputs.map((o) => o.path)).toEqual(["2013/72302000.pdf", "2013/72302000.xlsx"]);
    expect(readFileSync(path.join(out, "2013/72302000.pdf"), "utf8")).toBe("%PDF-fake");
    expect(built.outputs[0]?.sha256).toBe(sha256("%PDF-fake"));
    expect(built.timings.write).toBeGreaterThanOrEqual(0);
    expect("files" in built).toBe(false);
  });

  it("skips a sheet whose hash and outputs are unchanged, and rebuilds when an output was tampered with", async () => {
    const out = tempDir();
    const ctx: SheetContext = { registry, renderers: renderers() };
    const first = await build(ctx, job(out));
    const previous = {
      input: SEED_JSON,
      inputHash: first.inputHash ?? "",
      year: 2013,
      code: "72302000",
      lang: "ja" as const,
      outputs: first.outputs,
      warnings: [],
    };
    expect((await renderSheet(ctx, job(out, { previous }))).status).toBe("skipped");
    expect((await renderSheet(ctx, job(out, { previous, force: true }))).status).toBe("rendered");
    expect((await renderSheet(ctx, job(out, { previous, environment: "template changed" }))).status).toBe(
      "rendered",
    );
    writeFileSync(path.join(out, "2013/72302000.pdf"), "%PDF-trunc");
    expect((await renderSheet(ctx, job(out, { previous }))).status).toBe("rendered");
  });

  it("makes a renderer's exception that sheet's error, and writes nothing", async () => {
    const out = tempDir();
    const ctx: SheetContext = {
      registry,
      renderers: renderers({
        pdf: async () => {
          throw new Error("boom");
        },
      }),
    };
    const r = await renderSheet(ctx, job(out));
    expect(r.status).toBe("failed");
    expect(r.diagnostics[0]?.code).toBe("render-failed");
    expect(r.diagnostics[0]?.message).toContain("boom");
    expect(existsSync(path.join(out, "2013"))).toBe(false);
  });

  it("stops before rendering when the glyph check fails", async () => {
    const out = tempDir();
    let rendered = false;
    const ctx: SheetContext = {
      registry,
      renderers: renderers({
        checkGlyphs: (_form, _data, c) => [
          { severity: "error", code: "glyph-missing", file: c.file, message: "x" },
        ],
        pdf: async () => {
          rendered = true;
          return { bytes: Buffer.from(""), pages: 0, diagnostics: [] };
        },
      }),
    };
    const r = await renderSheet(ctx, job(out));
    expect(r.status).toBe("failed");
    expect(rendered).toBe(false);
  });

  it("reports an invalid sheet without rendering", async () => {
    const dir = tempDir();
    const file = path.join(dir, "bad.json");
    writeFileSync(file, seedText().replace('"evaluationYear": 2013', '"evaluationYear": "2013"'));
    const r = await renderSheet({ registry, renderers: renderers() }, job(dir, { file }));
    expect(r.status).toBe("failed");
    expect(r.diagnostics[0]?.field).toBe("評価年度");
  });
});
