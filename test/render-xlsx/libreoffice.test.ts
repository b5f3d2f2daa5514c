/**
 * A real client: LibreOffice Calc opens the seed's workbooks, recalculates, and reads back every value hyoka
 * wrote. Skipped, with a notice, where LibreOffice is not installed (.ci/run installs it).
 */
import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkWorkbooks, findSoffice } from "../../scripts/check-xlsx.js";
import { runCli, SEED_JSON, tempDir } from "../helpers.js";

const soffice = findSoffice();
if (!soffice)
  process.stderr.write(
    "\n[notice] LibreOffice (soffice) is not installed: the workbook client check is skipped. apt-get install libreoffice-calc-nogui to run it.\n\n",
  );

describe.skipIf(!soffice)("LibreOffice reads the workbooks back", () => {
  it("recalculates every formula without error and reads every value as hyoka wrote it", async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, "data/2013"), { recursive: true });
    copyFileSync(SEED_JSON, path.join(dir, "data/2013/72302000.json"));
    expect(runCli(["build"], { cwd: dir, env: { CI: "true" } }).status).toBe(0);
    const files = ["2013/72302000.xlsx", "2013/summary.xlsx"].map((f) => path.join(dir, "out", f));
    expect(await checkWorkbooks(files)).toEqual([]);
  }, 180_000);
});
