/** The engine's register and guards (src/render-pdf/engine/): versions, modes, one mode per process. */
import { describe, expect, it } from "vitest";
import {
  dependents,
  engineModeFromEnv,
  installEngine,
  installedEngineMode,
  PATCHES,
  patchesOf,
} from "../../src/render-pdf/engine/index.js";
import { checkVersions, EXPECTED_VERSIONS, installedVersions } from "../../src/render-pdf/engine/versions.js";
import { environment } from "./support.js";

describe("the PDF engine", () => {
  it("runs on the versions it was verified with, pinned exactly in package.json", async () => {
    expect(installedVersions()).toEqual(EXPECTED_VERSIONS);
    const { default: pkg } = await import("../../package.json", { with: { type: "json" } });
    for (const [lib, version] of Object.entries(EXPECTED_VERSIONS))
      expect((pkg.dependencies as Record<string, string>)[lib], lib).toBe(version);
  });

  it("refuses another version, naming what to re-verify", () => {
    expect(() => checkVersions(dependents(), { ...EXPECTED_VERSIONS, pdfkit: "0.20.0" })).toThrow(
      /pdfkit 0\.20\.0 is installed.*verified with pdfkit 0\.19\.1; re-verify: content-buffer/,
    );
    expect(() => checkVersions(dependents(), { ...EXPECTED_VERSIONS, fontkit: "2.1.0" })).toThrow(
      /re-verify: subset-cache, subset-encode/,
    );
    expect(() => checkVersions(dependents(), { ...EXPECTED_VERSIONS, pdfmake: "0.3.12" })).toThrow(
      /re-verify: kinsoku-breaker, .*heading-breaks/,
    );
  });

  it("takes its mode from HYOKA_PDF_ENGINE and refuses anything else", () => {
    expect(engineModeFromEnv("fast")).toBe("fast");
    expect(engineModeFromEnv("")).toBe("fast");
    expect(engineModeFromEnv("plain")).toBe("plain");
    expect(() => engineModeFromEnv("turbo")).toThrow(/HYOKA_PDF_ENGINE=turbo/);
  });

  it("keeps the features and leaves every speed patch out in plain mode", () => {
    const names = PATCHES.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(patchesOf("fast")).toEqual(PATCHES);
    const plain = patchesOf("plain");
    expect(plain.map((p) => p.name)).toContain("kinsoku-breaker");
    expect(plain.every((p) => p.kind !== "speed")).toBe(true);
    expect(PATCHES.filter((p) => p.kind === "speed").length).toBeGreaterThanOrEqual(12);
  });

  it("holds one mode per process", async () => {
    const env = await environment();
    const mode = installedEngineMode();
    expect(mode).toBe(engineModeFromEnv());
    const other = mode === "fast" ? "plain" : "fast";
    const context = { fonts: [env.fonts.main.normal.font], headingRule: () => false };
    expect(() => installEngine(other, context)).toThrow(/cannot also run in/);
    expect(() => installEngine(mode ?? "fast", context)).not.toThrow();
  });
});
