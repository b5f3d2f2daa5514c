/** Shared test helpers: temp folders and running the compiled CLI. */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const FIXTURES = path.join(ROOT, "test/fixtures");
export const SEED_JSON = path.join(ROOT, "data/2013/72302000.json");

export function seedText(): string {
  return readFileSync(SEED_JSON, "utf8");
}

export function seedData(): Record<string, unknown> {
  return JSON.parse(seedText()) as Record<string, unknown>;
}

export function tempDir(prefix = "hyoka-test-"): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/src/cli.js …` (compiled by the global setup) in `cwd`. */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {},
): CliResult {
  const result = spawnSync(process.execPath, [path.join(ROOT, "dist/src/cli.js"), ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    encoding: "utf8",
    timeout: options.timeout ?? 120_000,
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A temporary project holding the seed as `data/2013/72302000.json`. */
export function seedProject(): string {
  const dir = tempDir();
  mkdirSync(path.join(dir, "data/2013"), { recursive: true });
  copyFileSync(SEED_JSON, path.join(dir, "data/2013/72302000.json"));
  return dir;
}

/** The seed with another measure code, written into `dir` as `name`; gives `name`. */
export function seedVariant(dir: string, code: string, name = `data/2013/${code}.json`): string {
  writeFileSync(path.join(dir, name), seedText().replace('"code": "72302000"', `"code": "${code}"`));
  return name;
}
