/** Excel refuses a workbook whose worksheet names break its rules; exceljs would truncate with a warning. */
const FORBIDDEN = /[:\\/?*[\]]/;

export function checkWorksheetName(name: string): void {
  const length = [...name].length;
  if (length === 0 || length > 31 || FORBIDDEN.test(name) || name.startsWith("'") || name.endsWith("'"))
    throw new Error(
      `worksheet name ${JSON.stringify(name)} breaks Excel's rules (1–31 characters, none of : \\ / ? * [ ], no ' at either end)`,
    );
}

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;

export function checkTableName(name: string): void {
  if (!TABLE_NAME.test(name) || /^[A-Za-z]{1,3}[0-9]+$/.test(name) || /^[RrCc]$/.test(name))
    throw new Error(`table name ${JSON.stringify(name)} is not a valid Excel table name`);
}

/** `A`, `B`, … `Z`, `AA`, … for a 1-based column number. */
export function columnLetter(column: number): string {
  let n = column;
  let out = "";
  while (n > 0) {
    const rest = (n - 1) % 26;
    out = String.fromCharCode(65 + rest) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}
