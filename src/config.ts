/**
 * `hyoka.config.json`: settings of the publishing body that are not per sheet (the annual book's cover).
 * Validated like the data, with located messages.
 */
import path from "node:path";
import { z } from "zod";
import { type Diagnostic, diagnostic } from "./diagnostics.js";
import { labelled, line } from "./forms/kit.js";
import { fieldLabel } from "./forms/labels.js";
import type { Lang } from "./i18n.js";
import { loadSheet } from "./load/load-sheet.js";
import { pointerOf } from "./load/parse-json.js";
import { issueMessage, kitMessages, zodLocaleMessage } from "./validate/messages.js";

export const CONFIG_FILE = "hyoka.config.json";

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)));

export const configSchema = z.strictObject({
  $schema: z.string().max(500).optional(),
  book: labelled(
    z.strictObject({
      title: labelled(line(60), {
        title: "表紙の題名",
        titleEn: "Cover title",
        examples: ["施策進行管理・評価票"],
      }),
      subtitle: labelled(line(80).optional(), { title: "副題", titleEn: "Subtitle" }),
      issuer: labelled(line(60), { title: "発行者", titleEn: "Issuing body", examples: ["川崎市"] }),
      issued: labelled(z.record(z.string().regex(/^\d{4}$/), isoDate).optional(), {
        title: "発行日(評価年度ごと)",
        titleEn: "Date of issue per evaluation year",
        description: '例: { "2013": "2014-07-01" }',
      }),
    }),
    { title: "年次報告書", titleEn: "Annual book" },
  ),
});

export type HyokaConfig = z.infer<typeof configSchema>;

export const DEFAULT_CONFIG: HyokaConfig = { book: { title: "施策進行管理・評価票", issuer: "" } };

export async function loadConfig(
  cwd: string,
  lang: Lang,
): Promise<{ config?: HyokaConfig; diagnostics: Diagnostic[] }> {
  const file = path.join(cwd, CONFIG_FILE);
  const shown = path.relative(process.cwd(), file) || CONFIG_FILE;
  const loaded = await loadSheet(file, lang);
  if (!loaded.ok) {
    if (loaded.diagnostics[0]?.code === "read-missing") return { config: DEFAULT_CONFIG, diagnostics: [] };
    return { diagnostics: loaded.diagnostics.map((d) => ({ ...d, file: shown })) };
  }
  const { json } = loaded.sheet;
  const result = configSchema.safeParse(json.value, { reportInput: true });
  const diagnostics = loaded.diagnostics.map((d) => ({ ...d, file: shown }));
  if (!result.success) {
    for (const issue of result.error.issues) {
      const p = issue.path as PropertyKey[];
      diagnostics.push({
        severity: "error",
        code: "config",
        file: shown,
        ...json.locate(p),
        pointer: pointerOf(p),
        field: fieldLabel(configSchema, p, json.value, lang),
        message:
          issue.code === "unrecognized_keys"
            ? lang === "ja"
              ? `不明な項目: ${issue.keys.join(", ")}`
              : `unknown fields: ${issue.keys.join(", ")}`
            : (issueMessage(issue, lang, kitMessages) ?? zodLocaleMessage(issue, lang)),
      });
    }
    return { diagnostics };
  }
  if (diagnostics.length > 0) return { diagnostics };
  return { config: result.data, diagnostics: [] };
}

export function configProblem(lang: Lang, file: string, text: { ja: string; en: string }): Diagnostic {
  return diagnostic(lang, { code: "config", file, message: text });
}
