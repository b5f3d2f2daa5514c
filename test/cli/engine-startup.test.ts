/**
 * Every command that renders PDFs checks the PDF engine once at start-up, on the main thread (src/main.ts,
 * src/render-pdf/engine/startup.ts): the libraries' versions (exit 1, a fault of the machine) and
 * HYOKA_PDF_ENGINE (exit 2, a usage error). One message, no stack trace, nothing written. The versions are made
 * to differ through the test-only HYOKA_TEST_PDF_LIBRARY_VERSIONS folder, never by touching node_modules.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  EXPECTED_VERSIONS,
  installedVersions,
  TEST_VERSIONS_ENV,
  versionMismatches,
} from "../../src/render-pdf/engine/versions.js";
import { runCli, seedProject, tempDir } from "../helpers.js";

/** A folder of `<library>/package.json` files with these versions. */
function versionsFolder(versions: Record<string, string>): string {
  const dir = tempDir("hyoka-versions-");
  for (const [name, version] of Object.entries(versions)) {
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, "package.json"), JSON.stringify({ name, version }));
  }
  return dir;
}

const COMMANDS: string[][] = [["build"], ["build", "--book"], ["book"], ["watch", "--port", "0"]];

function expectOneMessage(stderr: string, text: string): void {
  expect(stderr).toContain(text);
  expect(stderr.match(/^hyoka: /gm)).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr).not.toContain("内部エラー");
  expect(stderr).not.toContain("internal error");
  expect(stderr).not.toContain("\\u000a");
}

describe("the PDF engine's check at start-up", () => {
  it("refuses another pdfkit version in every command that renders PDFs: exit 1, one message, nothing written", () => {
    const env = { [TEST_VERSIONS_ENV]: versionsFolder({ pdfkit: "0.19.2" }) };
    for (const args of COMMANDS) {
      const dir = seedProject();
      const ja = runCli(args, { cwd: dir, env, timeout: 30_000 });
      expect(ja.status, args.join(" ")).toBe(1);
      expectOneMessage(
        ja.stderr,
        "pdfkit: インストールされているのは 0.19.2、hyoka が検証したのは 0.19.1 です",
      );
      expect(ja.stderr).toContain("npm ci");
      expect(ja.stdout).toBe("");
      expect(existsSync(path.join(dir, "out")), args.join(" ")).toBe(false);
    }
  });

  it("says it in English with --lang en, and ends --json with the result", () => {
    const dir = seedProject();
    const env = {
      [TEST_VERSIONS_ENV]: versionsFolder({ fontkit: "2.1.0", pdfmake: "0.3.12" }),
      HYOKA_PDF_ENGINE: "plain",
    };
    const en = runCli(["book", "--lang", "en", "--json"], { cwd: dir, env });
    expect(en.status).toBe(1);
    expectOneMessage(en.stderr, "pdfmake: 0.3.12 is installed; hyoka was verified with 0.3.11");
    expect(en.stderr).toContain("fontkit: 2.1.0 is installed; hyoka was verified with 2.0.4");
    expect(en.stderr).toContain("run npm ci");
    const result = JSON.parse(en.stdout.trim()) as { type: string; exitCode: number; message: string };
    expect(result).toMatchObject({ type: "result", exitCode: 1 });
    expect(result.message).toContain("pdfmake: 0.3.12 is installed");
    expect(existsSync(path.join(dir, "out"))).toBe(false);
  });

  it("refuses an unknown HYOKA_PDF_ENGINE as a usage error: exit 2, one message, nothing written", () => {
    for (const args of COMMANDS) {
      const dir = seedProject();
      const ja = runCli(args, { cwd: dir, env: { HYOKA_PDF_ENGINE: "turbo" }, timeout: 30_000 });
      expect(ja.status, args.join(" ")).toBe(2);
      expectOneMessage(ja.stderr, "環境変数 HYOKA_PDF_ENGINE=turbo は使えません");
      expect(existsSync(path.join(dir, "out")), args.join(" ")).toBe(false);
    }
    const en = runCli(["build", "--lang", "en"], { cwd: seedProject(), env: { HYOKA_PDF_ENGINE: "turbo" } });
    expect(en.status).toBe(2);
    expectOneMessage(en.stderr, "HYOKA_PDF_ENGINE=turbo is not allowed: set it to one of fast, plain");
    // The value is the user's: a control character in it is shown escaped, never sent to the terminal.
    const hostile = runCli(["build"], { cwd: seedProject(), env: { HYOKA_PDF_ENGINE: "x\u001b[31my" } });
    expect(hostile.status).toBe(2);
    expectOneMessage(hostile.stderr, "HYOKA_PDF_ENGINE=x\\u001b[31my は使えません");
  });

  it("leaves the commands that render no PDF alone", () => {
    const env = { [TEST_VERSIONS_ENV]: versionsFolder({ pdfkit: "0.19.2" }), HYOKA_PDF_ENGINE: "turbo" };
    expect(runCli(["validate"], { cwd: seedProject(), env }).status).toBe(0);
  });

  it("takes a version of the test folder only where it differs from the verified one: it can fail, never pass", () => {
    const same = versionsFolder({ pdfkit: EXPECTED_VERSIONS.pdfkit, fontkit: "9.9.9" });
    expect(installedVersions({ [TEST_VERSIONS_ENV]: same })).toEqual({
      ...EXPECTED_VERSIONS,
      fontkit: "9.9.9",
    });
    expect(versionMismatches(installedVersions({ [TEST_VERSIONS_ENV]: same }))).toEqual([
      { library: "fontkit", installed: "9.9.9", expected: "2.0.4" },
    ]);
    // A package.json of another package, or none, is not read as the library's.
    const other = tempDir("hyoka-versions-");
    mkdirSync(path.join(other, "pdfkit"));
    writeFileSync(
      path.join(other, "pdfkit", "package.json"),
      JSON.stringify({ name: "x", version: "1.0.0" }),
    );
    expect(installedVersions({ [TEST_VERSIONS_ENV]: other })).toEqual(EXPECTED_VERSIONS);
    expect(installedVersions({})).toEqual(EXPECTED_VERSIONS);
  });
});
