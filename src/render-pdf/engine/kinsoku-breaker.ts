/**
 * The 禁則 rules of ../kinsoku.ts in pdfmake's line breaking: a filter over the breaks of the `linebreak`
 * package (UAX #14) that pdfmake splits texts into words with. It only ever drops a break opportunity, never
 * adds one.
 *
 * Why a patch of `LineBreaker.prototype.nextBreak`: pdfmake's `TextBreaker` creates the breaker inside a
 * module-private function, so the class it instantiates is the only seam; pdfmake has no option for line
 * breaking rules. A feature, not a speed patch: installed in both engine modes (README.md). Idempotent.
 */
import { isBreakAllowed } from "../kinsoku.js";
import { LineBreaker, type LineBreakerBreak } from "./internals.js";

const INSTALLED = Symbol.for("hyoka.kinsoku");

/** Makes pdfmake's breaker skip the break opportunities {@link isBreakAllowed} refuses. Idempotent. */
export function installKinsoku(): void {
  const proto = LineBreaker.prototype as typeof LineBreaker.prototype & { [INSTALLED]?: true };
  if (proto[INSTALLED]) return;
  const original = proto.nextBreak;
  proto.nextBreak = function nextBreak(this: { string: string }): LineBreakerBreak | null {
    for (;;) {
      const bk = original.call(this);
      if (!bk || bk.required || bk.position >= this.string.length) return bk;
      if (isBreakAllowed(this.string, bk.position)) return bk;
    }
  };
  proto[INSTALLED] = true;
}
