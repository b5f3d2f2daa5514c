/**
 * The structure tree as poppler reads it (`pdfinfo -struct-text`, poppler-utils): the PDF library of Evince and
 * Okular, a second reader beside pdf.js. Undefined where pdfinfo is not installed (CI installs poppler-utils).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface PopplerStructure {
  /** Every element's type, in the tree's order (`Document`, `Sect`, `H1`, `TH`…). */
  roles: string[];
  /** Every attribute line (`/Scope /Row`, `/ColSpan 3`), in order. */
  attributes: string[];
  /** Every text, in the tree's order. */
  texts: string[];
  /** Link annotations the tree holds (`OBJR`: `Object N 0`). */
  objects: number;
}

export function popplerAvailable(): boolean {
  return spawnSync("pdfinfo", ["-v"]).status === 0;
}

export function popplerStructure(bytes: Uint8Array): PopplerStructure {
  const dir = mkdtempSync(path.join(tmpdir(), "hyoka-poppler-"));
  try {
    const file = path.join(dir, "doc.pdf");
    writeFileSync(file, bytes);
    const r = spawnSync("pdfinfo", ["-struct-text", file], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`pdfinfo -struct-text failed: ${r.stderr}`);
    const out: PopplerStructure = { roles: [], attributes: [], texts: [], objects: 0 };
    for (const raw of r.stdout.split("\n")) {
      const line = raw.trim();
      if (line === "") continue;
      const text = /^"(.*)"$/.exec(line);
      if (text) out.texts.push(text[1] as string);
      else if (line.startsWith("/")) out.attributes.push(line);
      else if (/^Object \d+ \d+$/.test(line)) out.objects++;
      else out.roles.push(line.replace(/ \((block|inline)\)/, "").replace(/:$/, ""));
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
