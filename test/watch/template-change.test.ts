/**
 * `hyoka watch`: which sheets a change under templates/ rebuilds. A change in a form's folder (templates/<id>/…)
 * concerns that form's sheets alone; anything else under templates/ may concern every form.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formOfTemplateChange } from "../../src/commands/watch.js";
import { tempDir } from "../helpers.js";

describe("watch: a change under templates/", () => {
  const dir = tempDir();
  for (const form of ["sheet-1", "sheet-2"]) {
    mkdirSync(path.join(dir, form), { recursive: true });
    writeFileSync(path.join(dir, form, "index.ts"), "");
  }
  mkdirSync(path.join(dir, "book"));
  writeFileSync(path.join(dir, "book/layout.ts"), "");

  it("in a form's folder concerns that form alone", () => {
    expect(formOfTemplateChange("sheet-2/pdf.ts", dir)).toBe("sheet-2");
    expect(formOfTemplateChange(path.join("sheet-1", "deep", "x.json"), dir)).toBe("sheet-1");
    expect(formOfTemplateChange("sheet-2\\messages.ts", dir)).toBe("sheet-2");
  });

  it("anywhere else, or without a name, concerns every form", () => {
    expect(formOfTemplateChange(undefined, dir)).toBe("all");
    expect(formOfTemplateChange("", dir)).toBe("all");
    // The folder itself (made, removed, renamed), a folder that is no form's, a file at the top.
    expect(formOfTemplateChange("sheet-2", dir)).toBe("all");
    expect(formOfTemplateChange("book/layout.ts", dir)).toBe("all");
    expect(formOfTemplateChange("sheet-3/index.ts", dir)).toBe("all");
    expect(formOfTemplateChange("README.md", dir)).toBe("all");
    expect(formOfTemplateChange("../sheet-1/x", dir)).toBe("all");
  });
});
