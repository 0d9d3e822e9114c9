/**
 * The text a PDF draws, page by page: parses the bytes with pdf-lib, inflates each page's content
 * streams and decodes the strings of its text operators (hex strings, as pdf-lib writes them for
 * the standard fonts, and literal strings). Proves that a rendered report opens and shows what it
 * should. Pure.
 */
import { decodePDFRawStream, PDFArray, PDFDocument, type PDFObject, PDFRawStream } from 'pdf-lib';

// The standard fonts draw WinAnsi (windows-1252) codes: Latin-1 except for 0x80–0x9F.
const winAnsiHigh = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeWinAnsi(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) {
    out += byte >= 0x80 && byte <= 0x9f ? (winAnsiHigh[byte - 0x80] ?? '?') : String.fromCharCode(byte);
  }
  return out;
}

function streamText(object: PDFObject | undefined): string {
  if (!(object instanceof PDFRawStream)) return '';
  return Buffer.from(decodePDFRawStream(object).decode()).toString('latin1');
}

/** Decodes the operands of every Tj operator of a content stream, one string per operator. */
function shownStrings(content: string): string[] {
  const shown: string[] = [];
  for (const match of content.matchAll(/<([0-9A-Fa-f\s]*)>\s*Tj|\(((?:\\.|[^\\)])*)\)\s*Tj/g)) {
    if (match[1] !== undefined) shown.push(decodeWinAnsi(Buffer.from(match[1].replace(/\s+/g, ''), 'hex')));
    else shown.push((match[2] ?? '').replace(/\\(.)/g, '$1'));
  }
  return shown;
}

/** Loads `bytes` (throws when they are not a PDF) and returns each page's drawn text, line by line. */
export async function pdfPageTexts(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes);
  return doc.getPages().map((page) => {
    const contents = page.node.Contents();
    const streams: PDFObject[] =
      contents instanceof PDFArray
        ? Array.from(
            { length: contents.size() },
            (_, i) => page.doc.context.lookup(contents.get(i)) as PDFObject,
          )
        : contents
          ? [contents]
          : [];
    return streams.flatMap((stream) => shownStrings(streamText(stream))).join('\n');
  });
}
