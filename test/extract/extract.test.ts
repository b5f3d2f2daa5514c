/** `hyoka extract`: the source JSON that `hyoka build` attaches to a sheet's PDF, back byte for byte. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { safeFileName } from "../../src/commands/extract.js";
import { PdfReadError, readAttachments } from "../../src/extract/pdf-attachments.js";
import { runCli, SEED_JSON, seedProject } from "../helpers.js";

describe("hyoka extract", () => {
  const dir = seedProject();
  const built = runCli(["build", "--jobs", "1", "--quiet"], { cwd: dir, env: { CI: "1" } });
  const pdf = path.join(dir, "out/2013/72302000.pdf");

  it("gives back the seed's JSON byte for byte", () => {
    expect(built.status).toBe(0);
    const r = runCli(["extract", pdf, "--out", path.join(dir, "back")], { cwd: dir });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(readFileSync(path.join(dir, "back/72302000.json")).equals(readFileSync(SEED_JSON))).toBe(true);
  });

  it("writes beside the PDF by default, and replaces an existing file only with --force", () => {
    const target = path.join(dir, "out/2013/72302000.json");
    expect(runCli(["extract", pdf], { cwd: dir }).status).toBe(0);
    expect(existsSync(target)).toBe(true);
    writeFileSync(target, "mine");
    const again = runCli(["extract", pdf, "--lang", "en"], { cwd: dir });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("already exists");
    expect(readFileSync(target, "utf8")).toBe("mine");
    expect(runCli(["extract", pdf, "--force"], { cwd: dir }).status).toBe(0);
    expect(readFileSync(target).equals(readFileSync(SEED_JSON))).toBe(true);
  });

  it("says so for a draft PDF, which carries no source, and for a file that is not a PDF", () => {
    const draftDir = seedProject();
    expect(runCli(["build", "--draft", "--jobs", "1", "--quiet"], { cwd: draftDir }).status).toBe(0);
    const r = runCli(["extract", "out/2013/72302000.pdf", "--lang", "en"], { cwd: draftDir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("no source data is attached");
    const notPdf = runCli(["extract", "data/2013/72302000.json", "--lang", "en"], { cwd: draftDir });
    expect(notPdf.status).toBe(1);
    expect(notPdf.stderr).toContain("cannot be read as a PDF");
  });

  it("--json: the result says what was extracted, and each PDF that was not is a diagnostic", () => {
    const out = path.join(dir, "json-back");
    const r = runCli(["extract", pdf, "--out", out, "--json", "--quiet"], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({
        type: "result",
        command: "extract",
        exitCode: 0,
        sheets: 1,
        built: 1,
        failed: 0,
      }),
    ]);
    const again = runCli(["extract", pdf, "nope.pdf", "--out", out, "--json", "--quiet"], { cwd: dir });
    expect(again.status).toBe(1);
    const objects = again.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objects.filter((o) => o.type === "diagnostic")).toEqual([
      expect.objectContaining({
        code: "write-failed",
        file: pdf,
        message: expect.stringContaining("既にあります"),
      }),
      expect.objectContaining({ code: "read-failed", file: "nope.pdf" }),
    ]);
    expect(objects.at(-1)).toMatchObject({ type: "result", sheets: 2, built: 0, failed: 2, errors: 2 });
  });

  it("needs the PDFs to read", () => {
    expect(runCli(["extract"], { cwd: dir }).status).toBe(2);
  });
});

describe("reading attachments", () => {
  it("keeps only a safe file name", () => {
    expect(safeFileName("72302000.json")).toBe("72302000.json");
    expect(safeFileName("../../etc/passwd")).toBe("passwd");
    expect(safeFileName("a\\b\\c.json")).toBe("c.json");
    expect(safeFileName("..")).toBeUndefined();
    expect(safeFileName(".hidden")).toBeUndefined();
    expect(safeFileName("a\u001bb.json")).toBeUndefined();
    expect(safeFileName("a\u202eb.json")).toBeUndefined();
    expect(safeFileName("")).toBeUndefined();
  });

  it("refuses what is not a PDF and an attachment that does not match its checksum", () => {
    expect(() => readAttachments(Buffer.from("{}"))).toThrow(PdfReadError);
    const dir = seedProject();
    expect(runCli(["build", "--jobs", "1", "--quiet"], { cwd: dir }).status).toBe(0);
    const bytes = readFileSync(path.join(dir, "out/2013/72302000.pdf"));
    // The attachment is stored compressed; change its recorded size instead (same length, other digits).
    const text = bytes.toString("latin1");
    const size = /\/Size (\d+)/.exec(text);
    expect(size).not.toBeNull();
    const wrong = String(Number(size?.[1]) + 1)
      .padStart(size?.[1]?.length ?? 0, "0")
      .slice(-(size?.[1]?.length ?? 0));
    const tampered = Buffer.from(text.replace(`/Size ${size?.[1]}`, `/Size ${wrong}`), "latin1");
    expect(() => readAttachments(tampered)).toThrow(/bytes, its record says/);
  });
});
