/** The JSON Schema an editor uses while staff type, generated from the form's zod schema. */
import { z } from "zod";
import type { AnyForm } from "./types.js";

export function jsonSchemaText(form: AnyForm): string {
  const schema = z.toJSONSchema(form.schema, { io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  const out = {
    $schema: schema.$schema,
    $id: `https://hyoka.invalid/schemas/${form.id}.schema.json`,
    title: form.title,
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== "$schema")),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

export function schemaFileName(form: AnyForm): string {
  return `schemas/${form.id}.schema.json`;
}
