/**
 * The empty sheet of a form (`hyoka new`): every field the form has, in the schema's order, each with a value
 * that means "not yet written" (`""` for text and choices, `null` for numbers, years and yes/no), one element in
 * every list so that its fields show too. `hyoka validate` reports each such value as a field to fill in, with
 * its label (validate/validate-sheet.ts), so an empty sheet is never silently valid. Derived from the form's
 * zod schema alone: src/ names no form's fields. A form that wants another skeleton defines `skeleton()`.
 */
import type { z } from "zod";
import { unwrap } from "./labels.js";
import type { AnyForm } from "./types.js";

type AnySchema = z.core.$ZodType;

/** The value that stands for "to fill in" where the schema wants `schema`. */
export function skeletonOf(schema: AnySchema): unknown {
  const { inner } = unwrap(schema);
  const def = inner._zod.def as unknown as {
    type: string;
    shape?: Record<string, AnySchema>;
    element?: AnySchema;
    values?: unknown[];
  };
  switch (def.type) {
    case "object":
      return Object.fromEntries(
        Object.entries(def.shape ?? {}).map(([key, child]) => [key, skeletonOf(child)]),
      );
    case "array":
      return def.element ? [skeletonOf(def.element)] : [];
    case "literal":
      // A constant (the form's id): the one value it can have.
      return def.values?.length === 1 ? def.values[0] : null;
    case "string":
    case "enum":
      return "";
    default:
      // Numbers, years, yes/no, a number that may be a text: JSON null, which none of them accepts.
      return null;
  }
}

/** The value of `object` at a JSON pointer set to `value` (the objects on the way exist in a skeleton). */
export function setAtPointer(object: Record<string, unknown>, pointer: string, value: unknown): void {
  const keys = pointer
    .slice(1)
    .split("/")
    .map((k) => k.replaceAll("~1", "/").replaceAll("~0", "~"));
  let current: Record<string, unknown> = object;
  for (const key of keys.slice(0, -1)) {
    const next = current[key];
    if (next === null || typeof next !== "object") return;
    current = next as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  if (last !== undefined) current[last] = value;
}

/** A form's empty sheet: its own `skeleton()` when it defines one, else the one its schema gives. */
export function formSkeleton(form: AnyForm): Record<string, unknown> {
  const own = form.skeleton?.();
  if (own) return own;
  const value = skeletonOf(form.schema);
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
}
