/**
 * The pipeline's own logic, with small renderers standing in for pdfmake and exceljs: what is skipped, what
 * fails, what is written. The real renderers are covered by the render and CLI tests.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FormRegistry } from "../../src/forms/registry.js";
import { sha256 } from "../../src/pipeline/fingerprint.js";
import {
  processSheet,
  type SheetContext,
  type SheetJob,
  type SheetRenderers,
} from "../../src/pipeline/process-sheet.js";
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

describe("processSheet", () => {
  it("writes <year>/<code>.pdf and .xlsx and records their hashes", async () => {
    const out = tempDir();
    const ctx: SheetContext = { registry, renderers: renderers() };
    const r = await processSheet(ctx, job(out));
    expect(r.status).toBe("built");
    expect(r.outputs.map((o) => o.path)).toEqual(["2013/72302000.pdf", "2013/72302000.xlsx"]);
    expect(readFileSync(path.join(out, "2013/72302000.pdf"), "utf8")).toBe("%PDF-fake");
    expect(r.outputs[0]?.sha256).toBe(sha256("%PDF-fake"));
    expect(r.identity).toMatchObject({ year: 2013, code: "72302000" });
    expect(r.model).toBeDefined();
    expect(Object.keys(r.timings)).toEqual(
      expect.arrayContaining(["load", "validate", "pdf", "xlsx", "write"]),
    );
  });

  it("skips a sheet whose hash and outputs are unchanged, and rebuilds when an output was tampered with", async () => {
    const out = tempDir();
    const ctx: SheetContext = { registry, renderers: renderers() };
    const first = await processSheet(ctx, job(out));
    const previous = {
      input: SEED_JSON,
      inputHash: first.inputHash ?? "",
      year: 2013,
      code: "72302000",
      outputs: first.outputs,
    };
    expect((await processSheet(ctx, job(out, { previous }))).status).toBe("skipped");
    expect((await processSheet(ctx, job(out, { previous, force: true }))).status).toBe("built");
    expect((await processSheet(ctx, job(out, { previous, environment: "template changed" }))).status).toBe(
      "built",
    );
    writeFileSync(path.join(out, "2013/72302000.pdf"), "%PDF-trunc");
    expect((await processSheet(ctx, job(out, { previous }))).status).toBe("built");
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
    const r = await processSheet(ctx, job(out));
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
    const r = await processSheet(ctx, job(out));
    expect(r.status).toBe("failed");
    expect(rendered).toBe(false);
  });

  it("reports an invalid sheet without rendering", async () => {
    const dir = tempDir();
    const file = path.join(dir, "bad.json");
    writeFileSync(file, seedText().replace('"evaluationYear": 2013', '"evaluationYear": "2013"'));
    const r = await processSheet({ registry, renderers: renderers() }, job(dir, { file }));
    expect(r.status).toBe("failed");
    expect(r.diagnostics[0]?.field).toBe("評価年度");
  });
});
