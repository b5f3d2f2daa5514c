/**
 * The font name the workbook uses, matching the PDF's default main font. A module of its own so that the
 * workbook code can name it without loading the PDF renderer (pdfmake, pdfkit, fontkit).
 */
export const MAIN_FONT_FAMILY = "BIZ UDPGothic";
