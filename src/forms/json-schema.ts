/** The JSON Schemas an editor uses while staff type, generated from the zod schemas. */
import { z } from "zod";
import { configSchema } from "../config.js";
import type { AnyForm } from "./types.js";

export function schemaText(schema: z.ZodType, id: string, title: string): string {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  const out = {
    $schema: json.$schema,
    $id: `https://hyoka.invalid/schemas/${id}.schema.json`,
    title,
    ...Object.fromEntries(Object.entries(json).filter(([k]) => k !== "$schema")),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

export function jsonSchemaText(form: AnyForm): string {
  return schemaText(form.schema, form.id, form.title);
}

export function schemaFileName(form: AnyForm): string {
  return `schemas/${form.id}.schema.json`;
}

export const CONFIG_SCHEMA_FILE = "schemas/hyoka.config.schema.json";

export function configSchemaText(): string {
  return schemaText(configSchema, "hyoka.config", "hyoka.config.json");
}
