import iconv from 'iconv-lite';

export type SourceEncoding = 'utf-8' | 'big5';

/**
 * CSV files as offices export them: UTF-8 (with or without a BOM, from newer
 * tools) or Big5 (Excel on a zh-TW Windows saves "CSV" as CP950). `auto` takes
 * UTF-8 when the bytes are valid UTF-8, which Big5 text practically never is.
 * Big5 is decoded with iconv-lite's Big5 (CP950 and its extensions).
 */
export function decodeCsv(bytes: Buffer, encoding: SourceEncoding | 'auto'): { text: string; encoding: SourceEncoding } {
  const chosen = encoding === 'auto' ? (isUtf8(bytes) ? 'utf-8' : 'big5') : encoding;
  const text = chosen === 'utf-8' ? new TextDecoder('utf-8').decode(bytes) : iconv.decode(bytes, 'big5');
  return { text: text.replace(/^\uFEFF/, ''), encoding: chosen };
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
