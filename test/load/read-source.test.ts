import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadSheet } from "../../src/load/load-sheet.js";
import { MAX_SOURCE_BYTES, readSource } from "../../src/load/read-source.js";
import { seedText, tempDir } from "../helpers.js";

describe("readSource", () => {
  const dir = tempDir();

  it("refuses a directory", async () => {
    mkdirSync(path.join(dir, "sub.json"));
    const r = await readSource(path.join(dir, "sub.json"));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe("read-directory");
  });

  it("reports a missing file", async () => {
    const r = await readSource(path.join(dir, "nope.json"));
    expect(!r.ok && r.code).toBe("read-missing");
  });

  it.skipIf(process.getuid?.() === 0)("reports an unreadable file", async () => {
    const file = path.join(dir, "locked.json");
    writeFileSync(file, "{}");
    chmodSync(file, 0o000);
    const r = await readSource(file);
    expect(!r.ok && r.code).toBe("read-permission");
  });

  it("refuses a 10 MB file by the documented size limit", async () => {
    const file = path.join(dir, "big.json");
    writeFileSync(file, JSON.stringify({ text: "あ".repeat(3_500_000) }));
    const r = await readSource(file);
    expect(!r.ok && r.code).toBe("read-too-large");
    expect(MAX_SOURCE_BYTES).toBe(1024 * 1024);
  });

  it("refuses text that is not UTF-8", async () => {
    const file = path.join(dir, "sjis.json");
    writeFileSync(file, Buffer.from([0x7b, 0x22, 0x82, 0xa0, 0x22, 0x7d])); // {"あ"} in Shift_JIS
    const r = await readSource(file);
    expect(!r.ok && r.code).toBe("read-encoding");
  });

  it("accepts a UTF-8 BOM and keeps line and column right", async () => {
    const file = path.join(dir, "bom.json");
    writeFileSync(file, `\uFEFF${seedText()}`);
    const loaded = await loadSheet(file, "ja");
    expect(loaded.ok).toBe(true);
    if (loaded.ok) {
      expect(loaded.sheet.json.locateKey(["form"])).toEqual({ line: 3, column: 3 });
      expect(loaded.diagnostics).toEqual([]);
    }
  });
});
