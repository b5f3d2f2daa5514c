/**
 * Number formatting of our own (not `Intl`): the printed form must not change with the ICU data of whatever
 * Node runs it.
 */

/** `326331` → `326,331`; `-1234.5` → `-1,234.5`. Refuses what is not a finite number. */
export function formatThousands(value: number): string {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new TypeError(`not a finite number: ${String(value)}`);
  }
  const text = String(Math.abs(value));
  if (/e/i.test(text)) throw new RangeError(`number too large or too small to print: ${text}`);
  const [whole = "", fraction] = text.split(".");
  return `${value < 0 ? "-" : ""}${groupDigits(whole)}${fraction === undefined ? "" : `.${fraction}`}`;
}

/** `1234567` → `1,234,567`: a run of digits grouped by thousands. */
export function groupDigits(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
