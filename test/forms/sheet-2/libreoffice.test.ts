/**
 * A real client recalculates the counts of 施策進行管理・評価表(2): LibreOffice Calc opens a built workbook of 19
 * projects and its year's summary, recalculates every COUNTIFS, and reads back what hyoka cached; a count cached
 * wrong on purpose is caught. Skipped, with a notice, where LibreOffice is not installed.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { checkWorkbooks, findSoffice } from "../../../scripts/check-xlsx.js";
import { runCli, tempDir } from "../../helpers.js";
import { SAMPLE_FIXTURE } from "./support.js";

const soffice = findSoffice();
if (!soffice)
  process.stderr.write(
    "\n[notice] LibreOffice (soffice) is not installed: the sheet-2 workbook client check is skipped.\n\n",
  );

/** A copy of a workbook with one cached result in the first worksheet changed, and the cell's address. */
function tamper(file: string, out: string): string {
  const parts = unzipSync(readFileSync(file));
  const name = "xl/worksheets/sheet1.xml";
  const xml = strFromU8(parts[name] ?? new Uint8Array());
  const match = /<c r="([A-Z]+\d+)"[^>]*><f>COUNTIFS\([^<]*<\/f><v>(\d+)<\/v>/.exec(xml);
  if (!match) throw new Error("no COUNTIFS with a cached result");
  const [whole, address, cached] = match as unknown as [string, string, string];
  parts[name] = strToU8(
    xml.replace(whole, whole.replace(`<v>${cached}</v>`, `<v>${Number(cached) + 1}</v>`)),
  );
  writeFileSync(out, zipSync(parts));
  return address;
}

describe.skipIf(!soffice)("LibreOffice recalculates the counts of a sheet-2 workbook", () => {
  it("reads every COUNTIFS result as hyoka cached it, and catches one cached wrong", async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, "data/2013"), { recursive: true });
    copyFileSync(SAMPLE_FIXTURE, path.join(dir, "data/2013/92120001.json"));
    expect(runCli(["build", "--jobs", "1"], { cwd: dir, env: { CI: "true" } }).status).toBe(0);
    const year = path.join(dir, "out/2013");
    const workbook = readdirSync(year).find((f) => f.startsWith("92120001") && f.endsWith(".xlsx"));
    if (!workbook) throw new Error(`no workbook in ${readdirSync(year).join(", ")}`);
    const tampered = path.join(dir, "tampered.xlsx");
    const address = tamper(path.join(year, workbook), tampered);
    const problems = await checkWorkbooks([
      path.join(year, workbook),
      path.join(year, "summary.xlsx"),
      tampered,
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`${tampered} [事業数] ${address}: LibreOffice reads`);
  }, 180_000);
});
