/**
 * hyoka as a package: `npm pack`, the tarball installed into an empty folder that holds only data/ (the seed),
 * then `npx hyoka build` there writes ./out/2013/72302000.pdf. The fonts, templates and schemas are found inside
 * the installed package; its dependencies come from the registry (npm install needs it). Slow (a real install),
 * never timed: the limits below are only there so that a hung registry ends the test.
 *
 * Packed with --ignore-scripts: the package's `prepack` empties dist/ and `prepare` compiles it again, which
 * would pull dist/ from under the other test files running beside this one; the global setup has just compiled
 * it, so the tarball holds the same files.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, SEED_JSON, tempDir } from "../helpers.js";

const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const NPX = process.platform === "win32" ? "npx.cmd" : "npx";

/** What the package may hold: what hyoka needs at run time, its licence and its manual. */
const ALLOWED = [
  /^package\.json$/,
  /^(README|CHANGELOG)\.md$/,
  /^LICENSE$/,
  /^bin\/hyoka\.js$/,
  /^dist\/(src|templates)\/.+\.js$/,
  /^templates\/[a-z0-9-]+\/.+\.(ts|json|md)$/,
  /^fonts\/(fonts\.json|README\.md)$/,
  /^schemas\/[a-z0-9.-]+\.schema\.json$/,
];

describe("the npm package", () => {
  it("installs into a data repository and builds its sheets there", { timeout: 15 * 60_000 }, () => {
    const packDir = tempDir("hyoka-pack-");
    const packed = JSON.parse(
      execFileSync(NPM, ["pack", "--ignore-scripts", "--json", "--pack-destination", packDir], {
        cwd: ROOT,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      }),
    ) as { filename: string; files: { path: string }[] }[];
    const [info] = packed;
    if (!info) throw new Error("npm pack said nothing");
    const files = info.files.map((f) => f.path);
    expect(files.filter((f) => !ALLOWED.some((re) => re.test(f)))).toEqual([]);
    for (const needed of [
      "bin/hyoka.js",
      "dist/src/cli.js",
      "dist/src/pipeline/worker.js",
      "fonts/fonts.json",
      "schemas/sheet-1.schema.json",
      "LICENSE",
    ])
      expect(files).toContain(needed);
    expect(files.some((f) => f.startsWith("templates/") && f.endsWith("/form.json"))).toBe(true);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { private?: boolean };
    expect(pkg.private).toBeUndefined();

    const repo = tempDir("hyoka-datarepo-");
    mkdirSync(path.join(repo, "data/2013"), { recursive: true });
    copyFileSync(SEED_JSON, path.join(repo, "data/2013/72302000.json"));
    expect(readdirSync(repo)).toEqual(["data"]);
    execFileSync(NPM, ["install", "--no-audit", "--no-fund", path.join(packDir, info.filename)], {
      cwd: repo,
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 14 * 60_000,
    });
    execFileSync(NPX, ["--no-install", "hyoka", "build"], {
      cwd: repo,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, CI: "1" },
    });
    const pdf = path.join(repo, "out/2013/72302000.pdf");
    expect(existsSync(pdf)).toBe(true);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe("%PDF-");
    // The editor's schema of a new sheet is the one inside the installed package.
    execFileSync(NPX, ["--no-install", "hyoka", "new", "12345678", "--year", "2014"], {
      cwd: repo,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const sheet = JSON.parse(readFileSync(path.join(repo, "data/2014/12345678.json"), "utf8"));
    expect(sheet.$schema).toBe("../../node_modules/hyoka/schemas/sheet-1.schema.json");
    expect(existsSync(path.join(repo, "data/2014", sheet.$schema))).toBe(true);
  });
});
