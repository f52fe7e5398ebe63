import { InputError, UnsupportedMediaTypeError } from '@webitr/platform';

/**
 * The lines of a card file as its bytes arrive: never the whole file in
 * memory, only the chunk at hand. Big5 or UTF-8 (with or without BOM; `auto`
 * takes UTF-8 if the first chunk reads as UTF-8), CRLF or LF. A file with NUL
 * bytes is no text file (an Excel workbook, a zip) and is refused before
 * anything is read from it; so is an empty one.
 */
export async function* linesOf(
  body: AsyncIterable<Uint8Array>,
  encoding: 'auto' | 'utf-8' | 'big5',
  /** Told which encoding was read, once the first bytes are in. */
  read: { encoding?: 'utf-8' | 'big5' } = {},
): AsyncGenerator<string[]> {
  let decoder: InstanceType<typeof TextDecoder> | undefined;
  let rest = '';
  let anything = false;
  for await (const raw of body) {
    let chunk = raw;
    if (!decoder) {
      if (chunk.length === 0) continue;
      if (chunk.includes(0)) throw wrongType('檔案內容不是文字檔（含二進位資料），請上傳卡機產生的 .txt 或 .csv 卡檔');
      const bom = chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf;
      if (bom) chunk = chunk.subarray(3);
      const chosen = encoding !== 'auto' ? encoding : bom || readsAsUtf8(chunk) ? 'utf-8' : 'big5';
      decoder = new TextDecoder(chosen, { ignoreBOM: true });
      read.encoding = chosen;
    }
    const text = rest + decoder.decode(chunk, { stream: true });
    const parts = text.split('\n');
    rest = parts.pop()!;
    if (parts.length) {
      anything = true;
      yield parts.map(trimCr);
    }
  }
  rest += decoder?.decode() ?? '';
  if (rest.length) {
    anything = true;
    yield [trimCr(rest)];
  }
  if (!anything) throw new InputError({ code: 'CARD_FILE_EMPTY', title: '卡檔是空的', detail: '上傳的卡檔沒有任何資料列' });
}

const trimCr = (line: string) => (line.endsWith('\r') ? line.slice(0, -1) : line);

function readsAsUtf8(chunk: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(chunk, { stream: true });
    return true;
  } catch {
    return false;
  }
}

export const wrongType = (detail: string) =>
  new UnsupportedMediaTypeError({ code: 'CARD_FILE_TYPE_INVALID', title: '卡檔格式不符', detail });
