/** `npm run schema`: regenerate schemas/<form>.schema.json for every form folder. */
import { writeFileSync } from "node:fs";
import path from "node:path";
import {
  CONFIG_SCHEMA_FILE,
  configSchemaText,
  jsonSchemaText,
  schemaFileName,
} from "../forms/json-schema.js";
import { FormRegistry } from "../forms/registry.js";
import { PROJECT_ROOT } from "../paths.js";

const registry = await FormRegistry.load();
for (const form of registry.all()) {
  const file = path.join(PROJECT_ROOT, schemaFileName(form));
  writeFileSync(file, jsonSchemaText(form));
  process.stdout.write(`${schemaFileName(form)}\n`);
}
writeFileSync(path.join(PROJECT_ROOT, CONFIG_SCHEMA_FILE), configSchemaText());
process.stdout.write(`${CONFIG_SCHEMA_FILE}\n`);
