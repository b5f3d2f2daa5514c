/**
 * `hyoka build --book`: the book as a stage over the sheets the build accepted gives the same bytes as
 * `hyoka book` over the same files, names the sheets the build refused, and is recorded as hyoka's.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, seedProject, seedVariant } from "../helpers.js";

describe("build --book", () => {
  it("writes the book `hyoka book` writes, from the accepted sheets", () => {
    const dir = seedProject();
    seedVariant(dir, "72302001");
    writeFileSync(path.join(dir, "data/2013/broken.json"), '{"form": "sheet-1", "evaluationYear": 2013}');
    const built = runCli(["build", "--book", "--out", "a", "--jobs", "1"], { cwd: dir, env: { CI: "true" } });
    expect(built.status, built.stderr).toBe(1);
    expect(built.stdout).toContain("a/2013/book.pdf: 2 件");
    const book = runCli(["book", "--out", "b"], { cwd: dir, env: { CI: "true" } });
    expect(book.status).toBe(1);
    const a = readFileSync(path.join(dir, "a/2013/book.pdf"));
    expect(a.equals(readFileSync(path.join(dir, "b/2013/book.pdf")))).toBe(true);
    // Recorded as a year-level output of the build.
    const manifest = JSON.parse(readFileSync(path.join(dir, "a/.hyoka/manifest.json"), "utf8")) as {
      yearOutputs: { path: string }[];
    };
    expect(manifest.yearOutputs.map((o) => o.path)).toContain("2013/book.pdf");
    // A second build keeps it as hyoka's own (no "not hyoka's" refusal) and writes the same bytes.
    const again = runCli(["build", "--book", "--out", "a", "--jobs", "1"], { cwd: dir, env: { CI: "true" } });
    expect(again.stderr).not.toContain("output-foreign");
    expect(readFileSync(path.join(dir, "a/2013/book.pdf")).equals(a)).toBe(true);
  });

  it("is refused by the commands that do not make a book", () => {
    const dir = seedProject();
    const r = runCli(["validate", "--book"], { cwd: dir });
    expect(r.status).toBe(2);
  });
});
