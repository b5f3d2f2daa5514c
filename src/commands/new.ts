/**
 * `hyoka new <code> --year Y [--form FORM] [--data DIR]`: a new, empty sheet `DIR/<year>/<code><suffix>.json`
 * (named as the form names its outputs: `<code>-2.json` for 評価表(2)) with
 * `$schema` (so an editor completes and checks it) and every field of the form, each to be filled in
 * (forms/skeleton.ts); `hyoka validate` then lists what is left to write, by label. Never replaces a file: one
 * that exists is said and left as it is.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { identityPointers, outputSuffix } from "../forms/identity-hint.js";
import { schemaFileName } from "../forms/json-schema.js";
import { fieldInfo } from "../forms/labels.js";
import { FormRegistry } from "../forms/registry.js";
import { formSkeleton, setAtPointer } from "../forms/skeleton.js";
import type { Lang } from "../i18n.js";
import { PROJECT_ROOT } from "../paths.js";
import { type Output, showPath } from "../report/console.js";

export interface NewOptions {
  code: string;
  year: number;
  /** The form's id; the first form (in order of id) when not given. */
  form?: string;
  /** The data folder (default `data`). */
  dataDir: string;
  lang: Lang;
  output: Output;
}

/** A code that is also a safe file name (the manifest's rule for codes): no folder, no dot, no space. */
const SAFE_CODE = /^[0-9A-Za-z_-]{1,40}$/;

export async function runNew(options: NewOptions): Promise<number> {
  const { lang, output } = options;
  const ja = lang === "ja";
  const registry = await FormRegistry.load();
  const formId = options.form ?? registry.ids()[0];
  const form = formId === undefined ? undefined : registry.get(formId);
  if (!form) {
    const list = registry.ids().join(", ");
    output.err(
      ja
        ? `hyoka: 様式 ${JSON.stringify(options.form)} はありません(使える様式: ${list})`
        : `hyoka: unknown form ${JSON.stringify(options.form)} (known forms: ${list})`,
    );
    return 2;
  }
  if (!SAFE_CODE.test(options.code)) {
    output.err(
      ja
        ? `hyoka: コード ${JSON.stringify(options.code)} はファイル名に使えません(英数字・-・_ のみ)`
        : `hyoka: the code ${JSON.stringify(options.code)} cannot be a file name (letters, digits, - and _ only)`,
    );
    return 2;
  }
  const pointers = identityPointers(form.id);
  const sheet = formSkeleton(form);
  if (pointers) {
    setAtPointer(sheet, pointers.year, options.year);
    setAtPointer(sheet, pointers.code, options.code);
  }
  // The code and year must be ones the form accepts: what its schema says of them is the usage error.
  const checked = form.schema.safeParse(sheet);
  const wrong = checked.success
    ? []
    : checked.error.issues.filter((issue) => {
        const at = `/${issue.path.join("/")}`;
        return pointers !== undefined && (at === pointers.year || at === pointers.code);
      });
  if (wrong.length > 0) {
    const issue = wrong.find((i) => `/${i.path.join("/")}` === pointers?.code) ?? wrong[0];
    const which = `/${issue?.path.join("/")}` === pointers?.code ? "code" : "year";
    const about = fieldInfo(form.schema, issue?.path ?? []).description;
    output.err(
      which === "code"
        ? ja
          ? `hyoka: コード ${options.code} は様式 ${form.id} では使えません${about ? `(${about})` : ""}`
          : `hyoka: ${options.code} is not a code the form ${form.id} accepts`
        : ja
          ? `hyoka: ${options.year} 年度は様式 ${form.id} では使えません`
          : `hyoka: the year ${options.year} is not one the form ${form.id} accepts`,
    );
    return 2;
  }
  const dir = path.join(options.dataDir, String(options.year));
  // Named as the form names its outputs (`72302000.json`, `62401000-2.json`), as `hyoka import` names them: the
  // forms of one measure and year stand side by side.
  const file = path.join(dir, `${options.code}${outputSuffix(form.id) ?? ""}.json`);
  // The schema by a path relative to the new file, as the sheets in data/ name it: wherever hyoka is installed
  // (this project, or node_modules/hyoka in a data repository), the editor finds it.
  const schemaPath = path.relative(path.resolve(dir), path.join(PROJECT_ROOT, schemaFileName(form)));
  // First, where the form has it (its place in the skeleton), or put first.
  const body: Record<string, unknown> = { $schema: undefined, ...sheet };
  body.$schema = schemaPath.split(path.sep).join("/");
  mkdirSync(dir, { recursive: true });
  try {
    // `wx`: created here or not at all; an existing file (or a link by that name) is never written.
    writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`, { flag: "wx" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EEXIST") throw error;
    output.err(
      ja
        ? `hyoka: ${showPath(file)} は既にあります。上書きしません(別のコードか年度を指定してください)`
        : `hyoka: ${showPath(file)} already exists; it is not replaced (give another code or year)`,
    );
    output.result?.({ failed: 1 });
    return 1;
  }
  output.out(
    ja
      ? `作成しました: ${showPath(file)}(様式 ${form.id})。空欄を記入し、hyoka validate ${showPath(file)} で残りを確認してください`
      : `created ${showPath(file)} (form ${form.id}); fill in the empty fields and run hyoka validate ${showPath(file)} to see what is left`,
  );
  // --json: the one sheet written.
  output.result?.({ built: 1 });
  return 0;
}
