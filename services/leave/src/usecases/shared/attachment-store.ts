import { Readable } from 'node:stream';
import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import type { CheckedAttachment } from '../../domain/attachments.ts';
import type { AttachmentRef } from '../../models/form.ts';

export interface StoredAttachment extends AttachmentRef {
  ownerId: string;
  formId?: string;
  uploadedAt: Date;
}

interface FileDoc {
  _id: mongoose.Types.ObjectId;
  length: number;
  filename: string;
  uploadDate: Date;
  metadata?: { ownerId: string; contentType: string; formId?: string };
}

/**
 * Attachments in GridFS (bucket `attachments`) through the MongoDB driver —
 * verified on FerretDB v1 by test/integration/attachments.test.ts. A file is
 * uploaded first (owned by the uploader), then referenced by a form, which
 * records its id in the file's metadata.
 */
export class AttachmentStore {
  readonly #bucket: mongoose.mongo.GridFSBucket;
  readonly #connection: Connection;

  constructor(connection: Connection) {
    this.#connection = connection;
    this.#bucket = new mongoose.mongo.GridFSBucket(connection.db!, { bucketName: 'attachments' });
  }

  get #files() {
    return this.#connection.db!.collection<FileDoc>('attachments.files');
  }

  async put(ownerId: string, checked: CheckedAttachment, content: Buffer, now: Date): Promise<StoredAttachment> {
    const upload = this.#bucket.openUploadStream(checked.filename, { metadata: { ownerId, contentType: checked.contentType } });
    await new Promise<void>((resolve, reject) => {
      Readable.from([content]).pipe(upload).once('finish', () => resolve()).once('error', reject);
    });
    return { id: upload.id.toString(), filename: checked.filename, contentType: checked.contentType, size: checked.size, ownerId, uploadedAt: now };
  }

  /** The files with these ids (unknown or malformed ids are left out). */
  async find(ids: readonly string[]): Promise<StoredAttachment[]> {
    const objectIds = ids.filter((id) => mongoose.isObjectIdOrHexString(id)).map((id) => new mongoose.Types.ObjectId(id));
    if (!objectIds.length) return [];
    const docs = await this.#files.find({ _id: { $in: objectIds } }).toArray();
    return docs.map((d) => ({
      id: d._id.toString(),
      filename: d.filename,
      contentType: d.metadata?.contentType ?? 'application/octet-stream',
      size: d.length,
      ownerId: d.metadata?.ownerId ?? '',
      ...(d.metadata?.formId ? { formId: d.metadata.formId } : {}),
      uploadedAt: d.uploadDate,
    }));
  }

  /** Record that a form uses these files. */
  async attach(ids: readonly string[], formId: string): Promise<void> {
    const objectIds = ids.map((id) => new mongoose.Types.ObjectId(id));
    if (objectIds.length) await this.#files.updateMany({ _id: { $in: objectIds } }, { $set: { 'metadata.formId': formId } });
  }

  open(id: string): NodeJS.ReadableStream {
    return this.#bucket.openDownloadStream(new mongoose.Types.ObjectId(id));
  }

  async remove(id: string): Promise<void> {
    await this.#bucket.delete(new mongoose.Types.ObjectId(id));
  }
}
