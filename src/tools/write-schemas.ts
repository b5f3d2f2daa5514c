/** `npm run schema`: regenerate schemas/<form>.schema.json for every form folder. */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { jsonSchemaText, schemaFileName } from "../forms/json-schema.js";
import { FormRegistry } from "../forms/registry.js";
import { PROJECT_ROOT } from "../paths.js";

const registry = await FormRegistry.load();
for (const form of registry.all()) {
  const file = path.join(PROJECT_ROOT, schemaFileName(form));
  writeFileSync(file, jsonSchemaText(form));
  process.stdout.write(`${schemaFileName(form)}\n`);
}
