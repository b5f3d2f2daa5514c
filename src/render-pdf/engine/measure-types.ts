/** The shapes of pdfmake's text measuring that text-measure.ts and stack-style.ts share. */
export interface FontLike {
  lineHeight(size: number): number;
}

export interface Word {
  text: string;
  font: FontLike;
  fontSize: number;
  sup?: unknown;
  sub?: unknown;
  width: number;
  height: number;
  leadingCut?: number;
  leadingIndent?: number;
  trailingCut: number;
  [key: string]: unknown;
}

export interface TextInlinesLike {
  pdfDocument: { provideFont(font: unknown, bold: unknown, italics: unknown): FontLike };
  widthOfText(text: string, inline: object): number;
}

export type StyleStack = object | undefined;
export type GetStyleProperty = (
  item: object,
  stack: StyleStack,
  property: string,
  fallback: unknown,
) => unknown;

/** What `measure` takes from the style for a word. */
export interface ResolvedStyle {
  font: FontLike;
  alignment: unknown;
  fontSize: number;
  fontFeatures: unknown;
  characterSpacing: unknown;
  color: unknown;
  decoration: unknown;
  decorationColor: unknown;
  decorationStyle: unknown;
  decorationThickness: unknown;
  background: unknown;
  link: unknown;
  linkToPage: unknown;
  linkToDestination: unknown;
  noWrap: unknown;
  opacity: unknown;
  sup: unknown;
  sub: unknown;
  lineHeight: number;
  preserveLeadingSpaces: unknown;
  preserveTrailingSpaces: unknown;
}
