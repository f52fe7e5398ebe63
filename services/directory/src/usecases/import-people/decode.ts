import iconv from 'iconv-lite';

export type SourceEncoding = 'utf-8' | 'big5' | 'utf-16le' | 'utf-16be';

/** Byte order marks, longest first: a UTF-16 BOM says how to read the file; a UTF-8 one is only a mark. */
const BOMS = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
] as const;

/**
 * CSV files as offices export them: UTF-8 (with or without a BOM, from newer
 * tools), Big5 (Excel on a zh-TW Windows saves "CSV" as CP950; some tools put
 * a UTF-8 BOM in front of Big5 bytes) or UTF-16 with its BOM ("Unicode text").
 * The BOM is taken off the bytes before anything is decoded: decoded as Big5
 * it became two stray characters glued to the first header. `auto` then takes
 * UTF-8 when the rest is valid UTF-8, which Big5 text practically never is.
 * Big5 is decoded with iconv-lite's Big5 (CP950 and its extensions).
 */
export function decodeCsv(bytes: Buffer, encoding: 'utf-8' | 'big5' | 'auto'): { text: string; encoding: SourceEncoding } {
  const bom = BOMS.find((b) => b.bytes.every((byte, i) => bytes[i] === byte));
  const body = bom ? bytes.subarray(bom.bytes.length) : bytes;
  if (bom && bom.encoding !== 'utf-8') return { text: iconv.decode(body, bom.encoding), encoding: bom.encoding };
  const chosen = encoding === 'auto' ? (isUtf8(body) ? 'utf-8' : 'big5') : encoding;
  // ignoreBOM: the mark is already off; a second U+FEFF would be content, and is kept as such.
  const text = chosen === 'utf-8' ? new TextDecoder('utf-8', { ignoreBOM: true }).decode(body) : iconv.decode(body, 'big5');
  return { text, encoding: chosen };
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
