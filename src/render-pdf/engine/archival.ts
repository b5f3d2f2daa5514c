/**
 * Archival PDFs: what PDF/A-3 (ISO 19005-3) and PDF/UA-1 (ISO 14289-1) ask of a document beyond its pages, done
 * on one pdfkit document between drawing and `end()`:
 *
 * - pdfkit's own PDF/A support (`subset: "PDF/A-3a"`, {@link archivalDocumentOptions}) writes the `pdfaid`
 *   identification into the XMP packet and the sRGB output intent with the ICC profile pdfkit ships
 *   (`pdfkit/js/data/sRGB_IEC61966_2_1.icc`). pdfkit knows one "subset" at a time (PDF/A or PDF/UA), so the
 *   PDF/UA identification (`pdfuaid:part 1`) is written here, with the XMP extension schema that PDF/A asks for
 *   any property outside its predefined schemas.
 * - pdfkit's XMP of the document information (`_addInfo`) is replaced on the document (not on the prototype):
 *   pdfkit writes the texts into the XML unescaped (a measure named `研究&開発` would make the packet invalid)
 *   and leaves out `xmp:ModifyDate`, which PDF/A requires whenever the information dictionary has `ModDate`.
 *   The document ID (`xmpMM:DocumentID`, `InstanceID`) is the trailer's `/ID`, which pdfkit derives from the
 *   document information, the document date included: never the clock.
 * - the source files (the sheet's JSON) are attached as associated files (`/AF`, `/AFRelationship /Source`)
 *   with pdfkit's public `doc.file()`, dated with the document date.
 *
 * - pdfkit's output intent (`_addColorOutputIntent`) is replaced on the document too, by the same objects: pdfkit
 *   reads its ICC profile from disk and compresses it again for every document; here it is read once a process,
 *   and compressed once (content-buffer.ts `constantStream`, in the fast engine).
 *
 * Registered in README.md ("Archival documents"); held by test/render-pdf/archival.test.ts.
 */
import { readFileSync } from "node:fs";
import { constantStream } from "./content-buffer.js";
import { PDFKIT_SRGB_ICC } from "./internals.js";

/**
 * The conformance declared: PDF/A-3 level a (accessible: tagged, Unicode, language) for a tagged document,
 * level b otherwise.
 */
export const PDFA_TAGGED = "PDF/A-3a";
export const PDFA_UNTAGGED = "PDF/A-3b";
export const PDF_VERSION = "1.7";

/** A file attached to the document as its source. */
export interface SourceFile {
  /** The file's name in the PDF (`72302000.json`). */
  name: string;
  bytes: Uint8Array;
  /** Shown by viewers beside the attachment. */
  description: string;
  /** MIME type. */
  type: string;
}

/** pdfkit's options (as pdfkit's `PDFDocument` takes them) for an archival document, tagged or not. */
export function archivalDocumentOptions(tagged: boolean): {
  pdfVersion: string;
  subset: string;
  tagged: boolean;
  displayTitle: boolean;
} {
  return {
    pdfVersion: PDF_VERSION,
    subset: tagged ? PDFA_TAGGED : PDFA_UNTAGGED,
    tagged,
    displayTitle: true,
  };
}

/** What this module uses of a pdfkit document. */
interface PdfkitDocument {
  info: Record<string, unknown>;
  _root: { data: Record<string, unknown> };
  ref(data: object): { write(chunk: Uint8Array): void; end(): void };
  _addColorOutputIntent?: () => void;
  _id?: Uint8Array;
  appendXML(xml: string, newline?: boolean): void;
  _addInfo?: () => void;
  file(
    src: Buffer,
    options: {
      name: string;
      type: string;
      description: string;
      relationship: string;
      creationDate: Date;
      modifiedDate: Date;
    },
  ): unknown;
}

/** XML text: `&`, `<`, `>` and quotes escaped. */
export function xmlText(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** A date as XMP writes it (UTC, whole seconds), matching pdfkit's `D:YYYYMMDDHHmmssZ` in the information. */
export function xmpDate(date: Date): string {
  return `${date.toISOString().split(".")[0]}Z`;
}

/** A 16-byte ID as a UUID (`uuid:xxxxxxxx-xxxx-…`). */
function uuidOf(id: Uint8Array | undefined): string {
  const hex = Buffer.from(id ?? new Uint8Array(16))
    .toString("hex")
    .padEnd(32, "0");
  return `uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The PDF/UA identification and the extension schema that declares it (PDF/A-3, 6.6.2.3.3: a property outside
 * the predefined schemas is described in the packet itself).
 */
const PDFUA_XMP = `
        <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
            <pdfaExtension:schemas>
                <rdf:Bag>
                    <rdf:li rdf:parseType="Resource">
                        <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
                        <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
                        <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
                        <pdfaSchema:property>
                            <rdf:Seq>
                                <rdf:li rdf:parseType="Resource">
                                    <pdfaProperty:name>part</pdfaProperty:name>
                                    <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
                                    <pdfaProperty:category>internal</pdfaProperty:category>
                                    <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
                                </rdf:li>
                            </rdf:Seq>
                        </pdfaSchema:property>
                    </rdf:li>
                </rdf:Bag>
            </pdfaExtension:schemas>
        </rdf:Description>
        <rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
            <pdfuaid:part>1</pdfuaid:part>
        </rdf:Description>`;

/** The XMP of the document information, as pdfkit's `_addInfo` means it: escaped, and with every date. */
export function infoXmp(info: Record<string, unknown>, id: Uint8Array | undefined): string {
  const created = info.CreationDate instanceof Date ? info.CreationDate : undefined;
  const modified = info.ModDate instanceof Date ? info.ModDate : created;
  const parts = [
    `
        <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">`,
    ...(created ? [`            <xmp:CreateDate>${xmpDate(created)}</xmp:CreateDate>`] : []),
    ...(modified
      ? [
          `            <xmp:ModifyDate>${xmpDate(modified)}</xmp:ModifyDate>`,
          `            <xmp:MetadataDate>${xmpDate(modified)}</xmp:MetadataDate>`,
        ]
      : []),
    ...(info.Creator ? [`            <xmp:CreatorTool>${xmlText(info.Creator)}</xmp:CreatorTool>`] : []),
    `        </rdf:Description>
        <rdf:Description rdf:about="" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
            <xmpMM:DocumentID>${uuidOf(id)}</xmpMM:DocumentID>
            <xmpMM:InstanceID>${uuidOf(id)}</xmpMM:InstanceID>
        </rdf:Description>
        <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <dc:format>application/pdf</dc:format>`,
    ...(info.Title
      ? [
          `            <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xmlText(info.Title)}</rdf:li></rdf:Alt></dc:title>`,
        ]
      : []),
    ...(info.Author
      ? [`            <dc:creator><rdf:Seq><rdf:li>${xmlText(info.Author)}</rdf:li></rdf:Seq></dc:creator>`]
      : []),
    ...(info.Subject
      ? [
          `            <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xmlText(info.Subject)}</rdf:li></rdf:Alt></dc:description>`,
        ]
      : []),
    `        </rdf:Description>
        <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">`,
    ...(info.Producer ? [`            <pdf:Producer>${xmlText(info.Producer)}</pdf:Producer>`] : []),
    ...(info.Keywords ? [`            <pdf:Keywords>${xmlText(info.Keywords)}</pdf:Keywords>`] : []),
    `        </rdf:Description>`,
  ];
  return parts.join("\n");
}

let srgbProfile: Uint8Array | undefined;

/** pdfkit's ICC profile (the bytes pdfkit embeds), read once. */
function srgbIcc(): Uint8Array {
  srgbProfile ??= constantStream(readFileSync(PDFKIT_SRGB_ICC));
  return srgbProfile;
}

/**
 * pdfkit's `_addColorOutputIntent` (PDF/A mixin, pdfkit 0.19.1), object for object and key for key, with the
 * profile read once a process. Checked against pdfkit's own by archival.test.ts.
 */
export function addColorOutputIntent(this: PdfkitDocument): void {
  const iccProfile = srgbIcc();
  const colorProfileRef = this.ref({ Length: iccProfile.length, N: 3 });
  colorProfileRef.write(iccProfile);
  colorProfileRef.end();
  const intentRef = this.ref({
    Type: "OutputIntent",
    S: "GTS_PDFA1",
    Info: new String("sRGB IEC61966-2.1"),
    OutputConditionIdentifier: new String("sRGB IEC61966-2.1"),
    DestOutputProfile: colorProfileRef,
  });
  intentRef.end();
  this._root.data.OutputIntents = [intentRef];
}

/**
 * Makes a drawn pdfkit document (created with {@link archivalDocumentOptions}) archival before it is ended: its
 * XMP packet as above, the PDF/UA identification, and the source files attached.
 */
export function finishArchival(
  doc: unknown,
  options: { date: Date; sources: readonly SourceFile[]; tagged: boolean },
): void {
  const kit = doc as PdfkitDocument;
  // An own property: only this document's packet is written so.
  kit._addInfo = function addInfo(this: PdfkitDocument) {
    this.appendXML(infoXmp(this.info, this._id));
    if (options.tagged) this.appendXML(PDFUA_XMP);
  };
  kit._addColorOutputIntent = addColorOutputIntent;
  for (const source of options.sources) {
    kit.file(Buffer.from(source.bytes), {
      name: source.name,
      type: source.type,
      description: source.description,
      relationship: "Source",
      creationDate: options.date,
      modifiedDate: options.date,
    });
  }
}
