// Uploading one attachment with progress: fetch cannot report upload
// progress in every browser, XMLHttpRequest can. Same rules as the api
// client: same origin, the CSRF token, an Idempotency-Key (the route table
// marks the upload an idempotent create), every failure a ProblemError.
import type { UploadedAttachmentView } from '@webitr/contracts/views/leave';
import { ProblemError, networkError } from '../../api/problem.ts';
import type { ProblemBody } from '../../api/problem.ts';

export interface UploadOptions {
  file: Blob;
  filename: string;
  contentType: string;
  csrfToken: string;
  /** 0..1 as bytes go out. */
  onProgress: (fraction: number) => void;
  signal?: AbortSignal;
}

export function uploadAttachment(options: UploadOptions): Promise<UploadedAttachmentView> {
  const { file, filename, contentType, csrfToken, onProgress, signal } = options;
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/leave/attachments?filename=${encodeURIComponent(filename)}`);
    xhr.setRequestHeader('content-type', contentType);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.setRequestHeader('idempotency-key', crypto.randomUUID());
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => reject(networkError());
    xhr.onabort = () => reject(new ProblemError(0, { code: 'UPLOAD_CANCELLED', title: '已取消上傳' }));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(body as UploadedAttachmentView);
      } else {
        const problem: ProblemBody =
          body && typeof body === 'object'
            ? (body as ProblemBody)
            : xhr.status >= 502 && xhr.status <= 504
              ? { code: 'SERVICE_UNAVAILABLE', title: '系統暫時無法提供服務，請稍後再試', status: xhr.status }
              : { status: xhr.status };
        reject(new ProblemError(xhr.status, problem));
      }
    };
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}
