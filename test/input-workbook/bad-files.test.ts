/**
 * Hostile workbook files: damaged, encrypted, a zip bomb, macros, a huge worksheet, a directory that lies. Each
 * is refused with a clear message and exit 1, nothing is written for it, no stack trace is printed, and the
 * other workbooks of the batch are imported. The zip's directory is checked before anything is inflated.
 */
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { strToU8, unzipSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { guardWorkbook, MAX_PART_BYTES } from "../../src/input-workbook/zip-guard.js";
import { runCli, seedData, tempDir } from "../helpers.js";
import { exportBytes } from "./support.js";

/** The seed's workbook with its parts changed. */
async function withParts(change: (parts: Record<string, Uint8Array>) => void): Promise<Uint8Array> {
  const parts = unzipSync(await exportBytes(seedData()));
  change(parts);
  return zipSync(parts);
}

/** The offset of an entry's central directory record. */
function centralRecord(zip: Uint8Array, name: string): number {
  const bytes = Buffer.from(zip);
  const target = Buffer.from(name, "utf8");
  for (let i = bytes.length - 46; i >= 0; i--)
    if (bytes.readUInt32LE(i) === 0x02014b50 && bytes.subarray(i + 46, i + 46 + target.length).equals(target))
      return i;
  throw new Error(`no record for ${name}`);
}

/** The zip with the declared (uncompressed) size of one entry changed in the central directory. */
function declareSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = Buffer.from(zip);
  out.writeUInt32LE(size, centralRecord(zip, name) + 24);
  return new Uint8Array(out);
}

/** Runs `hyoka import` on a bad file and the seed's good workbook together. */
async function importWithGood(bad: Uint8Array | string, name = "bad.xlsx") {
  const dir = tempDir();
  writeFileSync(path.join(dir, name), bad);
  writeFileSync(path.join(dir, "good.xlsx"), await exportBytes(seedData()));
  const r = runCli(["import", name, "good.xlsx", "--out", "data"], { cwd: dir });
  expect(r.stderr).not.toMatch(/\n\s+at |Error:|hyoka のバグ/);
  expect(r.status).toBe(1);
  expect(existsSync(path.join(dir, "data/2013/72302000.json"))).toBe(true);
  expect(r.stdout).toContain("1 件を読み込み、1 件は読み込めませんでした");
  return r;
}

describe("hyoka import: bad files", () => {
  it("a damaged file", async () => {
    const r = await importWithGood("this is not a workbook at all");
    expect(r.stderr).toContain("bad.xlsx: エラー Excel ブック(.xlsx)として読めません");
  });

  it("a workbook cut short", async () => {
    const whole = await exportBytes(seedData());
    const r = await importWithGood(whole.subarray(0, Math.floor(whole.length * 0.6)));
    expect(r.stderr).toContain("bad.xlsx: エラー Excel ブック(.xlsx)として読めません");
  });

  it("an encrypted workbook (a compound file)", async () => {
    const cfb = new Uint8Array(4096);
    cfb.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const r = await importWithGood(cfb);
    expect(r.stderr).toContain("パスワードで保護(暗号化)されたブックか、古い形式(.xls)のファイルです");
  });

  it("a zip bomb is refused from its directory, before anything is inflated", async () => {
    const bomb = declareSize(await exportBytes(seedData()), "xl/styles.xml", 0xfffffff0);
    const refused = guardWorkbook(Buffer.from(bomb));
    expect(refused.ok).toBe(false);
    const r = await importWithGood(bomb);
    expect(r.stderr).toContain("zip 爆弾の可能性があるため読みません");
  });

  it("a real zip bomb: many parts that inflate past the total limit", async () => {
    const zeros = new Uint8Array(MAX_PART_BYTES - 1);
    const bomb = await withParts((parts) => {
      for (let i = 0; i < 4; i++) parts[`xl/media/zero${i}.bin`] = zeros;
    });
    expect(bomb.length).toBeLessThan(1_000_000);
    const r = await importWithGood(bomb);
    expect(r.stderr).toContain("zip 爆弾の可能性があるため読みません");
  });

  it("a directory that declares less than a part holds", async () => {
    const lying = declareSize(await exportBytes(seedData()), "xl/worksheets/sheet1.xml", 100);
    const r = await importWithGood(lying);
    expect(r.stderr).toContain("として読めません");
  });

  it("a huge worksheet", async () => {
    const huge = declareSize(await exportBytes(seedData()), "xl/worksheets/sheet2.xml", 200 * 1024 * 1024);
    const r = await importWithGood(huge, "huge.xlsx");
    expect(r.stderr).toContain("huge.xlsx: エラー 2 番目のワークシートが大きすぎます(展開すると 200 MB");
  });

  it("a workbook with macros (.xlsm)", async () => {
    const xlsm = await withParts((parts) => {
      parts["xl/vbaProject.bin"] = strToU8('Attribute VB_Name = "Module1"');
    });
    const r = await importWithGood(xlsm, "macro.xlsm");
    expect(r.stderr).toContain("macro.xlsm: エラー マクロ付きのブック(.xlsm)です");
    expect(r.stderr).toContain("Excel ブック(*.xlsx)で保存し直すとマクロが除かれます");
  });

  it("a workbook that is not an input workbook", async () => {
    const other = await withParts((parts) => {
      const wb = new TextDecoder().decode(parts["xl/workbook.xml"]);
      parts["xl/workbook.xml"] = strToU8(wb.replace(/<sheet [^>]*name="hyoka"[^>]*\/>/, ""));
    });
    const r = await importWithGood(other);
    expect(r.stderr).toContain("hyoka の入力用ワークブックではありません");
  });

  it("a folder and a missing file", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "good.xlsx"), await exportBytes(seedData()));
    const r = runCli(["import", ".", "missing.xlsx", "good.xlsx", "--out", "data", "--lang", "en"], {
      cwd: dir,
    });
    expect(r.stderr).toContain(".: error this is a folder, not a workbook");
    expect(r.stderr).toContain("missing.xlsx: error no such file");
    expect(r.stdout).toContain("1 imported, 2 not imported");
    expect(r.status).toBe(1);
  });
});
