/**
 * Reads the labels a form schema carries (see `labelled` in kit.ts) to name a JSON path as the form labels it,
 * e.g. `/indicators/0/years/2/actual` → `参考指標① › 2012年度 › 実績値`.
 */
import { z } from "zod";
import type { Lang } from "../i18n.js";

interface Meta {
  title?: string;
  description?: string;
  "x-title-en"?: string;
  "x-item-label"?: "circled" | "year" | "kind" | "ordinal" | "bullet";
}

type AnySchema = z.core.$ZodType;

const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "nonoptional", "catch"]);

function metaOf(schema: AnySchema): Meta {
  return (z.globalRegistry.get(schema) as Meta | undefined) ?? {};
}

/** Peels optional/default/pipe wrappers, merging the labels found on the way (outermost wins). */
export function unwrap(schema: AnySchema): { inner: AnySchema; meta: Meta; optional: boolean } {
  let cur = schema;
  let meta: Meta = {};
  let optional = false;
  for (let i = 0; i < 20; i++) {
    meta = { ...metaOf(cur), ...meta };
    const def = cur._zod.def as unknown as { type: string; innerType?: AnySchema; in?: AnySchema };
    if (def.type === "optional") optional = true;
    if (WRAPPERS.has(def.type) && def.innerType) cur = def.innerType;
    else if (def.type === "pipe" && def.in) cur = def.in;
    else break;
  }
  return { inner: cur, meta, optional };
}

function childOf(schema: AnySchema, key: PropertyKey): AnySchema | undefined {
  const def = schema._zod.def as unknown as {
    type: string;
    shape?: Record<string, AnySchema>;
    element?: AnySchema;
  };
  if (def.type === "object" && typeof key === "string") return def.shape?.[key];
  if (def.type === "array" && typeof key === "number") return def.element;
  return undefined;
}

/** The keys an object accepts at `path`, for "did you mean". */
export function knownKeysAt(root: AnySchema, path: readonly PropertyKey[]): string[] {
  let cur: AnySchema | undefined = root;
  for (const seg of path) {
    if (!cur) return [];
    cur = childOf(unwrap(cur).inner, seg);
  }
  if (!cur) return [];
  const def = unwrap(cur).inner._zod.def as unknown as { type: string; shape?: Record<string, AnySchema> };
  return def.type === "object" && def.shape ? Object.keys(def.shape) : [];
}

const CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";

function title(meta: Meta, lang: Lang, fallback: string): string {
  return (lang === "en" ? meta["x-title-en"] : meta.title) ?? meta.title ?? fallback;
}

function itemLabel(meta: Meta, lang: Lang, index: number, value: unknown, fallback: string): string {
  const n = index + 1;
  const t = title(meta, lang, fallback);
  const record = value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  switch (meta["x-item-label"]) {
    case "circled":
      return lang === "ja" ? `${t}${CIRCLED[index] ?? `(${n})`}` : `${t} ${n}`;
    case "year":
      if (typeof record.year === "number") return lang === "ja" ? `${record.year}年度` : `FY${record.year}`;
      break;
    case "kind":
      if (typeof record.kind === "string" && record.kind !== "") return record.kind;
      break;
    case "bullet":
      return lang === "ja" ? `●${n}つ目` : `bullet ${n}`;
  }
  return lang === "ja" ? `${t}(${n}件目)` : `${t} #${n}`;
}

/** The field's label path, e.g. `参考指標① › 2012年度 › 実績値`. */
export function fieldLabel(root: AnySchema, path: readonly PropertyKey[], data: unknown, lang: Lang): string {
  const parts: string[] = [];
  let cur: AnySchema | undefined = root;
  let value: unknown = data;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i] as PropertyKey;
    const next: AnySchema | undefined = cur ? childOf(unwrap(cur).inner, seg) : undefined;
    const nextValue =
      value && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[seg as string] : undefined;
    if (typeof seg === "number") {
      // The array's own label was deferred: the element label includes it.
      const arrayMeta = cur ? unwrap(cur).meta : {};
      parts.push(itemLabel(arrayMeta, lang, seg, nextValue, "#"));
    } else {
      const meta = next ? unwrap(next).meta : {};
      const isArray = next ? unwrap(next).inner._zod.def.type === "array" : false;
      const followedByIndex = typeof path[i + 1] === "number";
      if (!(isArray && followedByIndex)) parts.push(title(meta, lang, String(seg)));
    }
    cur = next;
    value = nextValue;
  }
  return parts.join(" › ");
}

/** Whether the field at `path` may be left out, and what the form says of it (its description), if anything. */
export function fieldInfo(
  root: AnySchema,
  path: readonly PropertyKey[],
): { optional: boolean; description?: string } {
  let cur: AnySchema | undefined = root;
  for (const seg of path) {
    if (!cur) return { optional: false };
    cur = childOf(unwrap(cur).inner, seg);
  }
  if (!cur) return { optional: false };
  const { meta, optional } = unwrap(cur);
  return { optional, ...(meta.description ? { description: meta.description } : {}) };
}
