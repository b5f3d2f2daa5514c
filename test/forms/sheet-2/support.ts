/** Shared by the sheet-2 tests: its fixtures, its form, and rendering through the PDF tests' environment. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { type RenderedPdf, renderSheetPdf } from "../../../src/render-pdf/index.js";
import form from "../../../templates/sheet-2/index.js";
import type { ProjectData, SheetData } from "../../../templates/sheet-2/schema.js";
import { FIXTURES } from "../../helpers.js";
import { DATE, environment } from "../../render-pdf/support.js";

export { form };

/** The real example (measure 62401000, 2007: 1 of its 5 published projects), as data/2007/ holds it. */
export const REAL_FIXTURE = path.join(FIXTURES, "sheet-2-62401000.json");
/** `npm run gen -- --form sheet-2 --seed 3`: a realistic sheet of 19 projects. */
export const SAMPLE_FIXTURE = path.join(FIXTURES, "sheet-2-sample-92120001.json");
/** `npm run gen -- --form sheet-2 --profile hard --seed 3`: 19 long projects, rare kanji. */
export const HARD_FIXTURE = path.join(FIXTURES, "sheet-2-hard-92110001.json");

export function load(file: string): SheetData {
  return JSON.parse(readFileSync(file, "utf8")) as SheetData;
}

export async function render(data: unknown): Promise<RenderedPdf> {
  const valid = form.schema.parse(data);
  return renderSheetPdf(await environment(), form, form.derive(valid), { date: DATE, version: "0.1.0" });
}

/** A project whose every text carries its number, so each can be found on its page. */
export function markedProject(
  i: number,
  outline = `概要${i}。地域の特性を活かした事業を各区で開催する。`,
): ProjectData {
  return {
    name: `事業${i}号`,
    division: `所管課${i}`,
    outline,
    achievement: ((i % 5) + 1) as 1,
    ...(i % 4 === 0 ? { priority: true } : {}),
    validity: 3,
    effectiveness: (5 - (i % 5)) as 1,
    status: (["I", "II", "III", "IV"] as const)[i % 4] ?? "II",
    targets: { baseline: `現状${i}`, years: [{ year: 2005, text: "継続実施" }], after: `以降${i}` },
    results: { years: [{ year: 2007, text: `実績${i}終` }] },
  };
}

export function sheetOf(projects: ProjectData[], plan = { startYear: 2005, endYear: 2007 }): SheetData {
  return { form: "sheet-2", evaluationYear: plan.endYear, measure: { code: "99999999" }, plan, projects };
}
