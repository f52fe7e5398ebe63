import { ATTACHMENT_MAX_TOTAL_BYTES, ATTACHMENT_TYPES } from '@webitr/contracts';
import type { AttachmentType } from '@webitr/contracts';
import { invalid } from './errors.ts';

/**
 * Attachments (附件): proof such as a medical certificate. Up to 10 MB in total
 * per form (seed 002: 總上限10MB); only document and image types, recognised
 * by their content (magic bytes) and not only by the name or declared type.
 */
export const MAX_TOTAL_BYTES = ATTACHMENT_MAX_TOTAL_BYTES;

/** A type the web app offers (@webitr/contracts), and how its content is recognised here. */
export interface AllowedType extends AttachmentType {
  matches: (head: Buffer) => boolean;
}

const startsWith = (bytes: number[]) => (head: Buffer) => bytes.every((b, i) => head[i] === b);
const ZIP = startsWith([0x50, 0x4b, 0x03, 0x04]);
const OLE = startsWith([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** The magic bytes of each allowed type; a type without them here is refused (the test keeps the two lists together). */
export const MAGIC: Record<string, (head: Buffer) => boolean> = {
  'application/pdf': startsWith([0x25, 0x50, 0x44, 0x46, 0x2d]),
  'image/jpeg': startsWith([0xff, 0xd8, 0xff]),
  'image/png': startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ZIP,
  'application/vnd.oasis.opendocument.text': ZIP,
  'application/msword': OLE,
};

export const ALLOWED_TYPES: readonly AllowedType[] = ATTACHMENT_TYPES.map((t) => ({
  ...t,
  matches: MAGIC[t.contentType] ?? (() => false),
}));

export interface CheckedAttachment {
  filename: string;
  contentType: string;
  size: number;
}

const F = ['body', '附件'] as const;

/** Check one uploaded file: its name, size and content; returns the normalised type. */
export function checkAttachment(
  filename: string,
  declaredType: string | undefined,
  content: Buffer,
  maxBytes = MAX_TOTAL_BYTES,
): CheckedAttachment {
  const name = filename.trim();
  if (!name || name.length > 100 || /[/\\]/.test(name) || [...name].some((c) => c.charCodeAt(0) < 0x20))
    throw invalid('ATTACHMENT_NAME', 'query.filename', '檔名', '檔名須為1至100字，且不得含路徑或控制字元');
  if (content.length === 0) throw invalid('ATTACHMENT_EMPTY', ...F, '檔案是空的');
  if (content.length > maxBytes)
    throw invalid(
      'ATTACHMENT_TOO_LARGE',
      ...F,
      `附件總上限${Math.round(maxBytes / 1024 / 1024)}MB，本檔${(content.length / 1024 / 1024).toFixed(1)}MB`,
    );
  const extension = name.includes('.') ? name.split('.').pop()!.toLowerCase() : '';
  const type = ALLOWED_TYPES.find((t) => t.extensions.includes(extension));
  const allowed = ALLOWED_TYPES.map((t) => t.extensions.join('/')).join('、');
  if (!type) throw invalid('ATTACHMENT_TYPE_FORBIDDEN', ...F, `不接受 .${extension || '(無副檔名)'} 檔案，可上傳：${allowed}`);
  const declared = declaredType?.split(';')[0]?.trim().toLowerCase();
  if (declared && declared !== 'application/octet-stream' && declared !== type.contentType) {
    throw invalid('ATTACHMENT_TYPE_MISMATCH', ...F, `檔案類型 ${declared} 與副檔名 .${extension} 不符`);
  }
  if (!type.matches(content.subarray(0, 16))) throw invalid('ATTACHMENT_TYPE_MISMATCH', ...F, `檔案內容不是${type.label}檔`);
  return { filename: name, contentType: type.contentType, size: content.length };
}

/** The total of a form's attachments may not exceed the limit. */
export function checkTotal(sizes: readonly number[], maxTotal = MAX_TOTAL_BYTES): void {
  const total = sizes.reduce((s, n) => s + n, 0);
  if (total > maxTotal) {
    throw invalid(
      'ATTACHMENTS_TOO_LARGE',
      'body.attachmentIds',
      '附件',
      `附件總上限${Math.round(maxTotal / 1024 / 1024)}MB，合計${(total / 1024 / 1024).toFixed(1)}MB`,
    );
  }
}
