/**
 * `npm run gen -- --count N --seed S --out DIR [--year Y] [--form sheet-1|sheet-2|both]`: writes N realistic,
 * valid sample sheets of the form to DIR/<evaluationYear>/<code>.json (`<code>-2.json` for sheet-2); `both`
 * writes N measures with both forms, each 評価表(2) listing the projects of its 評価票(1). Every sheet is checked
 * against its form's schema before anything is written, since an invalid one would be a generator bug and must
 * not reach a benchmark or a test.
 */
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { FormRegistry } from "../src/forms/registry.js";
import {
  checkOptions,
  DEFAULT_YEAR,
  type GenProfile,
  generateSheets,
  MAX_COUNT,
  sheetJson,
  writeSheets,
} from "./gen-lib.js";
import { type CompanionOf, companionSheet2, generateSheet2 } from "./gen-sheet-2.js";

const FORMS = ["sheet-1", "sheet-2", "both"] as const;
type GenForm = (typeof FORMS)[number];

const USAGE = `usage: npm run gen -- --out DIR [--count N] [--seed S] [--year Y] [--profile realistic|hard] [--form F]

Writes N sample sheets to DIR/<evaluationYear>/<code>.json (sheet-2: <code>-2.json).

  --out DIR     output folder (required; created if missing)
  --count N     number of sheets, 0–${MAX_COUNT} (default 200)
  --seed S      PRNG seed, 0–4294967295 (default 1); the same seed writes the same bytes
  --year Y      evaluation year of most sheets (default ${DEFAULT_YEAR}; about 1 in 10 is a year earlier)
  --profile P   realistic (default) or hard: sheets that also hold what real sheets hold that is hard to
                print (indicators over different years, decimals, 集計中 in number cells, long units, many
                projects, ～ and ASCII brackets); for sheet-2: 19 projects with long texts and rare kanji
  --form F      sheet-1 (default): 施策進行管理・評価票(1); sheet-2: 施策進行管理・評価表(2), 2–19 projects
                per sheet, sample codes starting with 9; both: N measures with both forms, each (2) listing
                the projects of its (1) (a measure whose (1) lists none has no (2))
  --help        show this help`;

function usageError(message: string): never {
  process.stderr.write(`gen: ${message}\n${USAGE}\n`);
  process.exit(2);
}

/** Strict decimal integers only: Number("") is 0 and Number("1e3") is 1000, neither meant here. */
function integer(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^[0-9]+$/.test(raw)) usageError(`--${name} must be a non-negative integer, got "${raw}"`);
  return Number(raw);
}

/**
 * `npm run` starts scripts in the project folder, so a relative --out is taken from where the user typed the
 * command (npm's INIT_CWD), as they would expect.
 */
function outputFolder(out: string): string {
  const base =
    process.env.npm_lifecycle_event === "gen" && process.env.INIT_CWD ? process.env.INIT_CWD : process.cwd();
  return path.resolve(base, out);
}

async function main(): Promise<number> {
  let values: {
    out?: string;
    count?: string;
    seed?: string;
    year?: string;
    profile?: string;
    form?: string;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      options: {
        out: { type: "string" },
        count: { type: "string" },
        seed: { type: "string" },
        year: { type: "string" },
        profile: { type: "string" },
        form: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    usageError((e as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!values.out) usageError("--out is required");
  const options = {
    count: integer("count", values.count, 200),
    seed: integer("seed", values.seed, 1),
    year: integer("year", values.year, DEFAULT_YEAR),
    outDir: outputFolder(values.out),
    profile: (values.profile ?? "realistic") as GenProfile,
  };
  try {
    checkOptions(options);
  } catch (e) {
    usageError((e as Error).message);
  }
  const formId = (values.form ?? "sheet-1") as GenForm;
  if (!FORMS.includes(formId)) usageError(`--form must be one of ${FORMS.join(", ")}, got "${values.form}"`);

  const started = performance.now();
  const sheets: { path: string; data: unknown }[] =
    formId === "sheet-2" ? generateSheet2(options) : generateSheets(options);
  if (formId === "both") {
    const firsts = [...sheets];
    firsts.forEach((first, i) => {
      const companion = companionSheet2(
        first.data as CompanionOf,
        options.seed,
        i,
        options.profile === "hard",
      );
      if (companion) sheets.push(companion);
    });
  }
  const registry = await FormRegistry.load();
  // Validate the bytes as they will be read back, not the in-memory objects, against the form each names.
  const bad: string[] = [];
  for (const sheet of sheets) {
    const named = (sheet.data as { form?: string }).form ?? "sheet-1";
    const form = registry.get(named);
    if (!form) throw new Error(`form ${named} is not registered`);
    const result = form.schema.safeParse(JSON.parse(sheetJson(sheet.data)));
    if (!result.success) {
      const first = result.error.issues[0];
      bad.push(`${sheet.path}: ${first ? `${first.path.join(".")}: ${first.message}` : "invalid"}`);
    }
  }
  if (bad.length > 0) {
    process.stderr.write(
      `gen: ${bad.length} generated sheet(s) are invalid (a generator bug; nothing written):\n${bad
        .slice(0, 20)
        .map((b) => `  ${b}`)
        .join("\n")}\n`,
    );
    return 1;
  }
  writeSheets(options.outDir, sheets);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  process.stdout.write(
    `gen: wrote ${sheets.length} valid ${formId === "both" ? "sheet-1 and sheet-2" : formId} sheets (seed ${options.seed}, year ${options.year}) to ${values.out} in ${seconds}s\n`,
  );
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`gen: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
