/**
 * Safety of the pdfmake set-up: no URL or local file is ever fetched or embedded, no warnings are printed, fonts
 * come only from fonts/ or the npm font packages (real paths, so `..` and symbolic links cannot escape), and
 * fonts are parsed once per process.
 */
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FONTS_DIR } from "../../src/paths.js";
import { loadFonts, resolveFontPath } from "../../src/render-pdf/fonts.js";
import { createPdfEnvironment } from "../../src/render-pdf/index.js";
import { DATE, environment, render, seed } from "./support.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("pdfmake access policies", () => {
  it("refuses image URLs (no fetch) and local files", async () => {
    const env = await environment();
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const make = (images: Record<string, string>) =>
      env.pdfmake
        .createPdf({
          content: [{ image: "x" }],
          images,
          defaultStyle: { font: env.fonts.main.id },
          info: { creationDate: DATE },
        })
        .getBuffer();
    await expect(make({ x: "http://127.0.0.1:9/secret.png" })).rejects.toThrow(
      /denied by resource access policy/,
    );
    await expect(make({ x: "/etc/hostname" })).rejects.toThrow(/denied by resource access policy/);
    await expect(make({ x: path.join(FONTS_DIR, "fonts.json") })).rejects.toThrow(/denied/);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("prints no warnings while rendering", async () => {
    const warn = vi.spyOn(console, "warn");
    const log = vi.spyOn(console, "log");
    const error = vi.spyOn(console, "error");
    await render(seed());
    expect(warn).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });
});

describe("font files", () => {
  it("accepts the configured npm fonts and refuses paths outside the allowed folders", () => {
    expect(
      resolveFontPath("node_modules/@expo-google-fonts/biz-udpgothic/400Regular/BIZUDPGothic_400Regular.ttf"),
    ).toMatch(/BIZUDPGothic_400Regular\.ttf$/);
    expect(() => resolveFontPath("fonts/../package.json")).toThrow(/outside/);
    expect(() => resolveFontPath("node_modules/@expo-google-fonts/../pdfmake/package.json")).toThrow(
      /outside/,
    );
    expect(() => resolveFontPath("/etc/hostname")).toThrow(/outside/);
  });

  it("refuses a symbolic link under fonts/ that leads outside", () => {
    const outside = mkdtempSync(path.join(tmpdir(), "hyoka-font-"));
    const link = path.join(FONTS_DIR, `.test-link-${process.pid}.ttf`);
    try {
      symlinkSync(path.join(outside), link);
      expect(() => resolveFontPath(path.relative(path.dirname(FONTS_DIR), link))).toThrow(/outside/);
    } finally {
      rmSync(link, { force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it("parses the fonts once per process, however many environments", async () => {
    const a = await createPdfEnvironment();
    const b = await createPdfEnvironment();
    expect(a.fonts).toBe(b.fonts);
    expect(loadFonts()).toBe(a.fonts);
    expect(a.fonts.families.map((f) => f.name)).toEqual(["BIZ UDPGothic", "Noto Sans JP"]);
  });

  it("hands pdfkit the fonts parsed at start-up, not a fresh parse per document", async () => {
    const env = await environment();
    const doc = (await (
      env.pdfmake.createPdf({
        content: ["窓口"],
        defaultStyle: { font: env.fonts.main.id },
        info: { creationDate: DATE },
      }) as unknown as { getStream(): Promise<unknown> }
    ).getStream()) as { fontCache: Record<string, { normal: { font: unknown } }> };
    expect(doc.fontCache[env.fonts.main.id]?.normal.font).toBe(env.fonts.main.normal.font);
  });

  it("gives the fallback font the main font's line metrics", async () => {
    const { fonts } = await environment();
    const [main, fallback] = fonts.families;
    if (!main || !fallback) throw new Error("expected a fallback");
    const em = (f: typeof main.normal.font) => [f.ascent / f.unitsPerEm, f.descent / f.unitsPerEm, f.lineGap];
    expect(em(fallback.normal.font)).toEqual(em(main.normal.font));
  });
});
