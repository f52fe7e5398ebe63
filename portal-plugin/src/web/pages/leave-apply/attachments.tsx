// 附件: files checked before upload (type, size, 10 MB in total), uploaded one
// by one with progress, removable until the form is sent.
import { useRef, useState } from 'react';
import { Button, FileTrigger } from 'react-aria-components';
import { ATTACHMENT_MAX_TOTAL_BYTES } from '@webitr/contracts/forms/leave';
import type { FormAttachmentView } from '@webitr/contracts/views/leave';
import { api } from '../../api/index.ts';
import { isProblem } from '../../api/problem.ts';
import { ACCEPT_ATTRIBUTE, ACCEPTED_TEXT, checkAttachments, contentTypeOf } from './logic.ts';
import { uploadAttachment } from './upload.ts';

export interface AttachmentItem {
  key: string;
  name: string;
  size: number;
  /** 0..1 while uploading. */
  progress: number;
  state: 'uploading' | 'uploaded' | 'failed' | 'kept';
  id?: string;
  message?: string;
}

const kb = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/** The items already on a form being modified. */
export const keptItems = (attachments: readonly FormAttachmentView[]): AttachmentItem[] =>
  attachments.map((a) => ({ key: a.id, name: a.filename, size: a.size, progress: 1, state: 'kept', id: a.id }));

export function Attachments(props: {
  items: AttachmentItem[];
  onItemsChange: (update: (items: AttachmentItem[]) => AttachmentItem[]) => void;
  csrfToken: string;
  error?: string | undefined;
  required?: boolean;
}) {
  const { items, onItemsChange, csrfToken, error, required } = props;
  const [refused, setRefused] = useState<{ name: string; reason: string }[]>([]);
  const counter = useRef(0);
  const held = items.filter((i) => i.state !== 'failed');
  const bytes = held.reduce((sum, i) => sum + i.size, 0);

  const pick = (list: FileList | null) => {
    const files = Array.from(list ?? []);
    const { accepted, refused: no } = checkAttachments(files, { count: held.length, bytes });
    setRefused(no);
    for (const facts of accepted) {
      const file = facts as File;
      const key = `new-${(counter.current += 1)}`;
      onItemsChange((all) => [...all, { key, name: file.name, size: file.size, progress: 0, state: 'uploading' }]);
      const update = (patch: Partial<AttachmentItem>) => onItemsChange((all) => all.map((i) => (i.key === key ? { ...i, ...patch } : i)));
      uploadAttachment({
        file,
        filename: file.name,
        contentType: contentTypeOf(file)!,
        csrfToken,
        onProgress: (progress) => update({ progress }),
      }).then(
        (uploaded) => update({ state: 'uploaded', id: uploaded.id, progress: 1 }),
        (problem: unknown) =>
          update({
            state: 'failed',
            message: isProblem(problem) ? `${problem.title}${problem.detail ? `：${problem.detail}` : ''}` : '上傳失敗',
          }),
      );
    }
  };

  const remove = (item: AttachmentItem) => {
    onItemsChange((all) => all.filter((i) => i.key !== item.key));
    // An upload not yet on any form is deleted now rather than left to expire.
    if (item.state === 'uploaded' && item.id)
      void api.delete(`/api/leave/attachments/${encodeURIComponent(item.id)}`).catch(() => undefined);
  };

  return (
    <fieldset className="field attachments">
      <legend>
        附件{required ? <span aria-hidden="true"> *</span> : null}
        <span className="muted small">
          （{ACCEPTED_TEXT}，總上限{ATTACHMENT_MAX_TOTAL_BYTES / 1024 / 1024}MB）
        </span>
      </legend>
      {items.length > 0 ? (
        <ul className="attachment-list" aria-label="已選附件">
          {items.map((item) => (
            <li key={item.key}>
              <span className="attachment-name">{item.name}</span>
              <span className="muted small">{kb(item.size)}</span>
              {item.state === 'uploading' ? (
                <progress max={1} value={item.progress} aria-label={`${item.name} 上傳進度`}>
                  {Math.round(item.progress * 100)}%
                </progress>
              ) : null}
              {item.state === 'uploaded' || item.state === 'kept' ? <span className="ok small">已上傳</span> : null}
              {item.state === 'failed' ? (
                <span className="field-error" role="alert">
                  {item.message}
                </span>
              ) : null}
              <Button
                className="secondary small-button"
                onPress={() => remove(item)}
                isDisabled={item.state === 'uploading'}
                aria-label={`移除 ${item.name}`}
              >
                移除
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      <FileTrigger acceptedFileTypes={ACCEPT_ATTRIBUTE.split(',')} allowsMultiple onSelect={pick}>
        <Button className="secondary">選擇檔案</Button>
      </FileTrigger>
      {refused.length > 0 ? (
        <div role="alert">
          <ul className="field-error refused" aria-label="未上傳的檔案">
            {refused.map((r) => (
              <li key={r.name}>
                {r.name}：{r.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
