/**
 * Shapes of the records hyoka keeps for itself (the manifest), checked without zod: a build's main thread
 * reads the manifest, and loading zod there cost some 150 ms of start-up (measured) that the forms' workers pay
 * anyway. Small predicates, composed; a check never throws and never reads inherited properties.
 */
export type Check = (value: unknown) => boolean;

export const text =
  (min: number, max: number, pattern?: RegExp): Check =>
  (v) =>
    typeof v === "string" && v.length >= min && v.length <= max && (!pattern || pattern.test(v));

export const int =
  (min: number, max: number): Check =>
  (v) =>
    typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;

export const oneOf =
  (...values: readonly unknown[]): Check =>
  (v) =>
    values.includes(v);

export const list =
  (item: Check, max = Number.POSITIVE_INFINITY): Check =>
  (v) =>
    Array.isArray(v) && v.length <= max && v.every((x) => item(x));

/** A plain object with exactly these keys (the optional ones may be left out), each of its shape. */
export const record =
  (required: Record<string, Check>, optional: Record<string, Check> = {}, strict = true): Check =>
  (v) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
    const o = v as Record<string, unknown>;
    for (const [key, check] of Object.entries(required))
      if (!Object.hasOwn(o, key) || !check(o[key])) return false;
    for (const [key, check] of Object.entries(optional))
      if (Object.hasOwn(o, key) && o[key] !== undefined && !check(o[key])) return false;
    if (strict)
      for (const key of Object.keys(o))
        if (!Object.hasOwn(required, key) && !Object.hasOwn(optional, key)) return false;
    return true;
  };

/** `value` as a `T` when it has the shape, in the way zod's safeParse answers. */
export function parseShape<T>(check: Check, value: unknown): { success: true; data: T } | { success: false } {
  return check(value) ? { success: true, data: value as T } : { success: false };
}
