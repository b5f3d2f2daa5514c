/**
 * The parts taken from exceljs before its zip (exceljs-parts.ts) against exceljs's own zip: the same entries, in
 * the same order, so the workbooks keep the bytes they had when they were packed from that zip.
 */
import ExcelJS from "exceljs";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { mainFontName } from "../../src/render-pdf/font-config.js";
import { workbookParts } from "../../src/render-xlsx/exceljs-parts.js";
import { packWorkbook, WorkbookRepacker } from "../../src/render-xlsx/package.js";
import { buildWorkbook } from "../../src/render-xlsx/sheet-workbook.js";
import { DATE, form, seed } from "../render-pdf/support.js";

const OPTIONS = { date: DATE, version: "0.1.0", fontFamily: mainFontName() };

/** exceljs's own zip (JSZip, stored), as the workbooks were written before. */
async function exceljsZip(workbook: ExcelJS.Workbook): Promise<Uint8Array> {
  const zip = await workbook.xlsx.writeBuffer({ zip: { compression: "STORE" } } as ExcelJS.XlsxWriteOptions);
  return new Uint8Array(zip as ArrayBuffer);
}

function entries(parts: Iterable<readonly [string, Uint8Array]>): [string, string][] {
  return [...parts].map(([name, bytes]) => [name, Buffer.from(bytes).toString("base64")]);
}

/** The seed's workbook, built afresh for each writer: writing prepares exceljs's model. */
function seedWorkbook(): ExcelJS.Workbook {
  const model = form.derive(form.schema.parse(seed()));
  return buildWorkbook(form.xlsx.worksheets(model), form.xlsx.properties(model), OPTIONS);
}

/** A workbook with the parts hyoka's do not have (comments, an image, a table), deeper in folders. */
function fullWorkbook(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.created = DATE;
  workbook.modified = DATE;
  const first = workbook.addWorksheet("一");
  first.getCell("A1").value = "注記";
  first.getCell("A1").note = "メモ";
  first.getCell("B2").value = { text: "link", hyperlink: "https://example.org/" };
  const image = workbook.addImage({ buffer: Buffer.from("not really a png") as never, extension: "png" });
  first.addImage(image, "C3:D5");
  const second = workbook.addWorksheet("二");
  second.addTable({
    name: "T1",
    ref: "A1",
    columns: [{ name: "年度" }, { name: "値" }],
    rows: [
      [2012, 1],
      [2013, 2],
    ],
  });
  return workbook;
}

describe("the parts taken from exceljs", () => {
  for (const [what, build] of [
    ["the seed's workbook", seedWorkbook],
    ["a workbook with comments, an image and a table", fullWorkbook],
  ] as const) {
    it(`are exceljs's zip entries, folders included, in its order: ${what}`, async () => {
      const expected = entries(Object.entries(unzipSync(await exceljsZip(build()))));
      const parts = entries(await workbookParts(build()));
      expect(parts.map(([name]) => name)).toEqual(expected.map(([name]) => name));
      expect(parts).toEqual(expected);
    });
  }

  it("pack to the bytes exceljs's zip gave", async () => {
    const repacker = new WorkbookRepacker(DATE, [], true);
    repacker.push(await exceljsZip(seedWorkbook()), true);
    const before = repacker.finish();
    const after = packWorkbook(await workbookParts(seedWorkbook()), DATE);
    expect(Buffer.from(after).equals(Buffer.from(before))).toBe(true);
    // Again, now that the parts are compressed already (package.ts keeps the last of each).
    const again = packWorkbook(await workbookParts(seedWorkbook()), DATE);
    expect(Buffer.from(again).equals(Buffer.from(before))).toBe(true);
  });

  it("pack to each workbook's own parts, however workbooks alternate", async () => {
    for (const build of [seedWorkbook, fullWorkbook, seedWorkbook, fullWorkbook]) {
      const parts = await workbookParts(build());
      const unpacked = unzipSync(packWorkbook(parts, DATE));
      expect(Object.fromEntries(entries(Object.entries(unpacked)))).toEqual(
        Object.fromEntries(entries(parts)),
      );
    }
  });
});
