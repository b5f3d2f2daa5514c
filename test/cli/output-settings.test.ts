/**
 * A setting that changes every output's bytes (SOURCE_DATE_EPOCH, the PDF engine's mode) is part of the
 * fingerprint that decides whether a sheet is rebuilt: a build with another date rebuilds, not skips.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { environmentFingerprint, outputSettings } from "../../src/pipeline/fingerprint.js";
import { runCli, seedProject } from "../helpers.js";

describe("the fingerprint and the settings that change the bytes", () => {
  it("SOURCE_DATE_EPOCH as the document date reads it; HYOKA_PDF_ENGINE", () => {
    expect(outputSettings({ SOURCE_DATE_EPOCH: " 0100 " })).toBe(
      outputSettings({ SOURCE_DATE_EPOCH: "100" }),
    );
    expect(outputSettings({ SOURCE_DATE_EPOCH: "x" })).toBe(outputSettings({}));
    expect(environmentFingerprint({ SOURCE_DATE_EPOCH: "1" })).not.toBe(environmentFingerprint({}));
    expect(environmentFingerprint({ HYOKA_PDF_ENGINE: "plain" })).not.toBe(environmentFingerprint({}));
    expect(environmentFingerprint({}, { draft: true })).not.toBe(environmentFingerprint({}));
    expect(environmentFingerprint({}, { draft: false })).toBe(environmentFingerprint({}));
  });

  it("switching --draft rebuilds the sheet: a draft PDF, then the archival one again", () => {
    const dir = seedProject();
    const pdf = path.join(dir, "out/2013/72302000.pdf");
    expect(runCli(["build", "-j", "1"], { cwd: dir, env: { CI: "true" } }).status).toBe(0);
    const archival = readFileSync(pdf);
    const draft = runCli(["build", "-j", "1", "--draft"], { cwd: dir, env: { CI: "true" } });
    expect(draft.stdout).toContain("作成 1 件、変更なしで省略 0 件");
    expect(readFileSync(pdf).subarray(0, 8).toString("latin1")).toBe("%PDF-1.3");
    const again = runCli(["build", "-j", "1"], { cwd: dir, env: { CI: "true" } });
    expect(again.stdout).toContain("作成 1 件、変更なしで省略 0 件");
    expect(readFileSync(pdf).equals(archival)).toBe(true);
  });

  it("a build with another SOURCE_DATE_EPOCH rebuilds the sheet, and its PDF has other bytes", () => {
    const dir = seedProject();
    const pdf = path.join(dir, "out/2013/72302000.pdf");
    const first = runCli(["build", "-j", "1"], {
      cwd: dir,
      env: { CI: "true", SOURCE_DATE_EPOCH: "1700000000" },
    });
    expect(first.status).toBe(0);
    const before = readFileSync(pdf);
    const second = runCli(["build", "-j", "1"], {
      cwd: dir,
      env: { CI: "true", SOURCE_DATE_EPOCH: "1800000000" },
    });
    expect(second.stdout).toContain("作成 1 件、変更なしで省略 0 件");
    expect(readFileSync(pdf).equals(before)).toBe(false);
    const third = runCli(["build", "-j", "1"], {
      cwd: dir,
      env: { CI: "true", SOURCE_DATE_EPOCH: "1800000000" },
    });
    expect(third.stdout).toContain("作成 0 件、変更なしで省略 1 件");
  });
});
