/**
 * Archival PDFs (README "Archival and accessible PDFs"): the PDF/A-3 entries of the catalog, the XMP packet
 * matching the document information, the sRGB output intent, the sheet's source attached as an associated file
 * (byte for byte), no encryption; a draft has none of it. Read back with mupdf (an independent reader) and
 * with hyoka's own attachment reader (src/extract/pdf-attachments.ts).
 */
import { describe, expect, it } from "vitest";
import { readAttachments } from "../../src/extract/pdf-attachments.js";
import { addColorOutputIntent } from "../../src/render-pdf/engine/archival.js";
import { pdfkitDocumentClass } from "../../src/render-pdf/engine/internals.js";
import { renderSheetPdf } from "../../src/render-pdf/index.js";
import { DATE, environment, form, openPdf, seed, seedText } from "./support.js";

const source = () => ({
  name: "72302000.json",
  bytes: Buffer.from(seedText(), "utf8"),
  description: "hyoka source data (JSON)",
  type: "application/json",
});

async function renderSeed(draft = false) {
  const data = form.schema.parse(seed());
  return renderSheetPdf(await environment(), form, form.derive(data), {
    date: DATE,
    version: "0.1.0",
    draft,
    source: source(),
  });
}

function xmpOf(bytes: Buffer): string {
  const pdf = openPdf(bytes).asPDF();
  const metadata = pdf?.getTrailer().get("Root").get("Metadata");
  return metadata?.readStream().asString() ?? "";
}

describe("archival PDF (PDF/A-3)", () => {
  it("declares PDF 1.7, PDF/A-3 and its XMP packet, matching the document information", async () => {
    const { bytes } = await renderSeed();
    expect(bytes.subarray(0, 8).toString("latin1")).toBe("%PDF-1.7");
    const xmp = xmpOf(bytes);
    expect(xmp).toMatch(/<pdfaid:part>3<\/pdfaid:part>/);
    expect(xmp).toMatch(/<pdfaid:conformance>[AB]<\/pdfaid:conformance>/);
    expect(xmp).toContain("<xmp:CreateDate>2014-03-31T00:00:00Z</xmp:CreateDate>");
    expect(xmp).toContain("<xmp:ModifyDate>2014-03-31T00:00:00Z</xmp:ModifyDate>");
    expect(xmp).toContain("<xmp:CreatorTool>hyoka 0.1.0</xmp:CreatorTool>");
    expect(xmp).toContain("区役所と支所、出張所等の窓口サービス機能再編の取組</rdf:li>");
    expect(xmp).toContain("<rdf:li>市民・こども局区政推進部区調整課</rdf:li>");
    expect(xmp).toContain("<pdf:Keywords>72302000</pdf:Keywords>");
    const doc = openPdf(bytes);
    expect(doc.getMetaData("info:CreationDate")).toBe("D:20140331000000Z");
    // The document ID in the XMP is the trailer's /ID.
    const trailer = doc.asPDF()?.getTrailer();
    const id = trailer?.get("ID").get(0).asByteString() as Uint8Array;
    const hex = Buffer.from(id).toString("hex");
    expect(xmp).toContain(
      `<xmpMM:DocumentID>uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}</xmpMM:DocumentID>`,
    );
    expect(trailer?.get("Encrypt").isNull()).toBe(true);
  });

  it("escapes the texts it writes into the XMP packet", async () => {
    const data = seed();
    data.measure.name = '研究&開発 <試行> "A"';
    const valid = form.schema.parse(data);
    const { bytes } = await renderSheetPdf(await environment(), form, form.derive(valid), {
      date: DATE,
      version: "0.1.0",
    });
    expect(xmpOf(bytes)).toContain("研究&amp;開発 &lt;試行&gt; &quot;A&quot;");
  });

  it("has the sRGB output intent with its ICC profile, and the viewer shows the title", async () => {
    const { bytes } = await renderSeed();
    const root = openPdf(bytes).asPDF()?.getTrailer().get("Root");
    const intent = root?.get("OutputIntents").get(0);
    expect(intent?.get("S").asName()).toBe("GTS_PDFA1");
    expect(intent?.get("OutputConditionIdentifier").asString()).toBe("sRGB IEC61966-2.1");
    const profile = intent?.get("DestOutputProfile");
    expect(profile?.get("N").asNumber()).toBe(3);
    const icc = profile?.readStream().asUint8Array() as Uint8Array;
    // An ICC profile: 'acsp' at byte 36, RGB data colour space.
    expect(Buffer.from(icc.subarray(36, 40)).toString("latin1")).toBe("acsp");
    expect(Buffer.from(icc.subarray(16, 20)).toString("latin1")).toBe("RGB ");
    expect(root?.get("ViewerPreferences").get("DisplayDocTitle").asBoolean()).toBe(true);
    expect(root?.get("Lang").asString()).toBe("ja-JP");
  });

  it("writes pdfkit's own output intent, byte for byte, with the profile read and compressed once", async () => {
    await environment();
    const PDFDocument = pdfkitDocumentClass() as new (
      options: object,
    ) => { _addColorOutputIntent: () => void; on(e: string, f: (c: Buffer) => void): void; end(): void };
    const write = async (ours: boolean) => {
      const doc = new PDFDocument({ pdfVersion: "1.7", subset: "PDF/A-3b", info: { CreationDate: DATE } });
      if (ours) doc._addColorOutputIntent = addColorOutputIntent;
      const chunks: Buffer[] = [];
      doc.on("data", (chunk) => chunks.push(chunk));
      const done = new Promise<void>((resolve) => doc.on("end", () => resolve()));
      doc.end();
      await done;
      return Buffer.concat(chunks);
    };
    const pdfkit = await write(false);
    expect(pdfkit.toString("latin1")).toContain("/DestOutputProfile");
    // The second of ours takes the profile compressed by the first.
    expect((await write(true)).equals(pdfkit)).toBe(true);
    expect((await write(true)).equals(pdfkit)).toBe(true);
  });

  it("attaches the source JSON byte for byte as an associated file (/AFRelationship /Source)", async () => {
    const { bytes } = await renderSeed();
    const root = openPdf(bytes).asPDF()?.getTrailer().get("Root");
    const spec = root?.get("AF").get(0);
    expect(spec?.get("Type").asName()).toBe("Filespec");
    expect(spec?.get("AFRelationship").asName()).toBe("Source");
    expect(spec?.get("UF").asString()).toBe("72302000.json");
    expect(spec?.get("F").asString()).toBe("72302000.json");
    const file = spec?.get("EF").get("F");
    expect(file?.get("Type").asName()).toBe("EmbeddedFile");
    expect(file?.get("Subtype").asName()).toBe("application/json");
    expect(file?.get("Params").get("ModDate").asString()).toBe("D:20140331000000Z");
    expect(Buffer.from(file?.readStream().asUint8Array() as Uint8Array).equals(source().bytes)).toBe(true);
    // Also listed among the document's embedded files, where viewers show attachments.
    expect(root?.get("Names").get("EmbeddedFiles").isNull()).toBe(false);
    const read = readAttachments(bytes);
    expect(read).toHaveLength(1);
    expect(read[0]?.relationship).toBe("Source");
    expect(read[0]?.bytes.equals(source().bytes)).toBe(true);
  });

  it("a draft is a plain PDF 1.3: no PDF/A, no attachment, no metadata stream", async () => {
    const { bytes } = await renderSeed(true);
    expect(bytes.subarray(0, 8).toString("latin1")).toBe("%PDF-1.3");
    const root = openPdf(bytes).asPDF()?.getTrailer().get("Root");
    expect(root?.get("AF").isNull()).toBe(true);
    expect(root?.get("OutputIntents").isNull()).toBe(true);
    expect(root?.get("Metadata").isNull()).toBe(true);
    expect(readAttachments(bytes)).toHaveLength(0);
  });
});
