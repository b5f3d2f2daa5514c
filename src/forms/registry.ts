/** Finds the form folders under templates/ and loads each once. src/ never names a form. */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { CODE_EXT, CODE_ROOT, TEMPLATES_DIR } from "../paths.js";
import { formFile } from "./identity-hint.js";
import type { AnyForm } from "./types.js";

/** What a form must define; a missing part is a template bug, reported when the forms are loaded. */
const REQUIRED_PARTS = ["schema", "messages", "derive", "identify", "pdf", "xlsx"] as const;

export class FormRegistry {
  private constructor(private readonly forms: ReadonlyMap<string, AnyForm>) {}

  static async load(templatesDir = TEMPLATES_DIR): Promise<FormRegistry> {
    const forms = new Map<string, AnyForm>();
    const suffixes = new Map<string, string>();
    const ids = readdirSync(templatesDir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(path.join(templatesDir, d.name, "index.ts")))
      .map((d) => d.name)
      .sort();
    for (const id of ids) {
      const modulePath = path.join(CODE_ROOT, "templates", id, `index${CODE_EXT}`);
      const mod = (await import(pathToFileURL(modulePath).href)) as { default?: AnyForm };
      const form = mod.default;
      if (!form || form.id !== id)
        throw new Error(`templates/${id}/index.ts must export default a form with id "${id}"`);
      // Checked once here, so every stage can take the form's parts as given.
      const missing = REQUIRED_PARTS.filter((part) => !form[part]);
      if (missing.length > 0)
        throw new Error(
          `templates/${id}/index.ts: the form lacks ${missing.join(", ")} (see src/forms/types.ts)`,
        );
      const declared = formFile(id, templatesDir);
      if (!declared)
        throw new Error(
          `templates/${id}/form.json must declare { "identity": { "year": "<JSON pointer>", "code": "<JSON pointer>" } } and may declare { "output": { "suffix": "-2" } } (see src/forms/identity-hint.ts)`,
        );
      const sharing = suffixes.get(declared.outputSuffix);
      if (sharing !== undefined)
        throw new Error(
          `templates/${id}/form.json: forms ${sharing} and ${id} have the same output suffix ${JSON.stringify(declared.outputSuffix)}; their outputs would collide`,
        );
      suffixes.set(declared.outputSuffix, id);
      forms.set(id, form);
    }
    return new FormRegistry(forms);
  }

  get(id: string): AnyForm | undefined {
    return this.forms.get(id);
  }

  ids(): string[] {
    return [...this.forms.keys()];
  }

  all(): AnyForm[] {
    return [...this.forms.values()];
  }
}
