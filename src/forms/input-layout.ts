/**
 * What a form folder gives the input workbook (`FormDefinition.input`): the workbook staff fill in instead of
 * writing JSON, described as data. The form says which field goes where, in which order, under which heading;
 * src/input-workbook takes everything else from the form's schema (labels, limits, choices, whether a field is
 * required, how many items a list holds) and decides how cells look, lock and validate, so every form's input
 * workbook behaves alike, and one layout serves `hyoka template`, `export` and `import`.
 *
 * Paths name fields as the JSON does, by keys (`["measure", "code"]`); inside a `repeat` or `table` they are
 * relative to the item. Array indices never appear: a list holds as many rows or slots as the schema's
 * `maxItems` allows, so nobody has to insert rows.
 */

/** A path of keys into the sheet's JSON, relative to the enclosing item. */
export type InputPath = readonly string[];

/** How a field is offered, beyond what its schema already says. */
export interface InputFieldOptions {
  /** Label instead of the schema's title (e.g. to say which block a `lead` belongs to). */
  label?: string;
  /** Text lines the cell shows (its row height); 1 by default. */
  lines?: number;
  /**
   * Offer the schema's `examples` in a drop-down list without enforcing them (kinds of amount: 予算, 決算…;
   * anything else may still be typed).
   */
  suggest?: boolean;
  /** A boolean field: the texts chosen for true and false (false may be left out: then only true is offered). */
  flag?: { yes: string; no?: string };
  /** Columns the input cell covers; by default all that are left of the worksheet's width. */
  span?: number;
}

export type InputBlock =
  /** A heading row: `text`, or the schema's title of `path` (e.g. a text block's title). */
  | { kind: "heading"; path?: InputPath; text?: string }
  /** One labelled input: the label in column A, the input to its right. */
  | ({ kind: "field"; path: InputPath } & InputFieldOptions)
  /**
   * An array of texts (bullet items, related divisions): one row per possible entry, labelled `●1`, `●2`… for
   * bullets or `1`, `2`… otherwise (the schema's `x-item-label`).
   */
  | { kind: "list"; path: InputPath; lines?: number }
  /**
   * An array of objects whose fields are single values: a header row, then one row per possible item, one
   * column (or `span` columns) per field.
   */
  | { kind: "table"; path: InputPath; columns: readonly ({ path: InputPath } & InputFieldOptions)[] }
  /** An array of objects with nested content: `blocks`, relative to the item, once per possible item. */
  | {
      kind: "repeat";
      path: InputPath;
      blocks: readonly InputBlock[];
      /** What each slot's heading calls an item, instead of the schema's title (`事業費` → `事業費 1`). */
      label?: string;
    };

export interface InputWorksheet {
  /** Excel's rules hold: at most 31 characters, none of `: \ / ? * [ ]`. */
  name: string;
  /** Column widths in characters; the first column holds the labels. The count is the worksheet's width. */
  widths: readonly number[];
  blocks: readonly InputBlock[];
}

export interface InputLayout {
  /**
   * The layout's version, stamped into every workbook: raise it whenever a cell moves, so a workbook handed
   * out before is refused by name instead of read into the wrong fields.
   */
  version: number;
  /** The workbook's title row and document title. */
  title: string;
  /** Values that are not typed but always the same (the form id, `$schema`), in the JSON as given. */
  fixed: Readonly<Record<string, unknown>>;
  worksheets: readonly InputWorksheet[];
}
