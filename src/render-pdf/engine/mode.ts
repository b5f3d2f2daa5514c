/** The engine's modes and `HYOKA_PDF_ENGINE`, apart from the patches: the start-up check reads them cheaply. */
export type EngineMode = "fast" | "plain";

export const ENGINE_MODES: readonly EngineMode[] = ["fast", "plain"];

/** Whether `value` of `HYOKA_PDF_ENGINE` names a mode: `fast`, `plain`, or unset or empty (fast). */
export function isEngineModeValue(value: string | undefined): boolean {
  return value === undefined || value === "" || (ENGINE_MODES as readonly string[]).includes(value);
}

/** The mode asked for by `HYOKA_PDF_ENGINE` (`fast` when unset or empty); anything else is refused. */
export function engineModeFromEnv(value: string | undefined = process.env.HYOKA_PDF_ENGINE): EngineMode {
  if (value === undefined || value === "") return "fast";
  if (isEngineModeValue(value)) return value as EngineMode;
  throw new Error(
    `HYOKA_PDF_ENGINE=${value}: expected one of ${ENGINE_MODES.join(", ")} (or unset for fast)`,
  );
}
