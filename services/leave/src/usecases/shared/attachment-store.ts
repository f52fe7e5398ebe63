import { Readable } from 'node:stream';
import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import type { CheckedAttachment } from '../../domain/attachments.ts';
import type { AttachmentRef } from '../../models/form.ts';

export interface StoredAttachment extends AttachmentRef {
  ownerId: string;
  formId?: string;
  claimedAt?: Date;
  uploadedAt: Date;
}

interface FileDoc {
  _id: mongoose.Types.ObjectId;
  length: number;
  filename: string;
  uploadDate: Date;
  /** `uploadedAt`: the service's clock at upload (GridFS's own uploadDate is the server's). */
  metadata?: { ownerId: string; contentType: string; formId?: string; claimedAt?: Date; uploadedAt?: Date };
}

/**
 * Attachments in GridFS (bucket `attachments`) through the MongoDB driver —
 * verified on FerretDB v1 by test/integration/bad-input.test.ts (upload,
 * byte-for-byte download, claiming by a form). A file is uploaded first (owned
 * by the uploader), then claimed by one form, which records its id in the
 * file's metadata before the form is written; a claim whose form never came
 * (or no longer lists the file) is given up by reconciliation.
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
    const upload = this.#bucket.openUploadStream(checked.filename, {
      metadata: { ownerId, contentType: checked.contentType, uploadedAt: now },
    });
    await new Promise<void>((resolve, reject) => {
      Readable.from([content])
        .pipe(upload)
        .once('finish', () => resolve())
        .once('error', reject);
    });
    return {
      id: upload.id.toString(),
      filename: checked.filename,
      contentType: checked.contentType,
      size: checked.size,
      ownerId,
      uploadedAt: now,
    };
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
      ...(d.metadata?.claimedAt ? { claimedAt: d.metadata.claimedAt } : {}),
      uploadedAt: d.metadata?.uploadedAt ?? d.uploadDate,
    }));
  }

  /**
   * Claim the files for a form: each only if no other form has it (one
   * conditional update per file). Answers the ids newly claimed — the caller
   * gives those back if the form is not written; a file another form holds is
   * given back at once and answered as `taken`.
   */
  async claim(ids: readonly string[], formId: string, now: Date): Promise<{ claimed: string[]; taken?: string }> {
    const claimed: string[] = [];
    for (const id of ids) {
      const _id = new mongoose.Types.ObjectId(id);
      const result = await this.#files.updateOne(
        { _id, 'metadata.formId': { $exists: false } },
        { $set: { 'metadata.formId': formId, 'metadata.claimedAt': now } },
      );
      if (result.modifiedCount === 1) {
        claimed.push(id);
        continue;
      }
      const file = await this.#files.findOne({ _id });
      if (file?.metadata?.formId === formId) continue;
      await this.release(claimed, formId);
      return { claimed: [], taken: id };
    }
    return { claimed };
  }

  /** Give files back (only those this form holds). */
  async release(ids: readonly string[], formId: string): Promise<void> {
    const objectIds = ids.map((id) => new mongoose.Types.ObjectId(id));
    if (objectIds.length)
      await this.#files.updateMany(
        { _id: { $in: objectIds }, 'metadata.formId': formId },
        { $unset: { 'metadata.formId': '', 'metadata.claimedAt': '' } },
      );
  }

  /** Files claimed in [from, to), with the form claiming them (for reconciliation). */
  async claimedBetween(from: Date, to: Date): Promise<{ id: string; formId: string }[]> {
    const docs = await this.#files
      .find({ 'metadata.claimedAt': { $gte: from, $lt: to } }, { projection: { _id: 1, 'metadata.formId': 1 } })
      .toArray();
    return docs.map((d) => ({ id: d._id.toString(), formId: d.metadata!.formId! }));
  }

  /** The files an owner uploaded that no form holds, oldest first. */
  async unattachedOf(ownerId: string): Promise<StoredAttachment[]> {
    const docs = await this.#files
      .find({ 'metadata.ownerId': ownerId, 'metadata.formId': { $exists: false } })
      .sort({ uploadDate: 1 })
      .toArray();
    return docs.map((d) => ({
      id: d._id.toString(),
      filename: d.filename,
      contentType: d.metadata?.contentType ?? 'application/octet-stream',
      size: d.length,
      ownerId,
      uploadedAt: d.metadata?.uploadedAt ?? d.uploadDate,
    }));
  }

  /**
   * Delete a file no form holds, of this owner if one is given. The file's
   * document goes first, on the condition that it is still unclaimed (one
   * conditional delete, so a form claiming it at the same moment either gets
   * it or finds it gone — never a form naming a deleted file); its chunks
   * follow. Answers whether it was deleted.
   */
  async removeUnattached(id: string, ownerId?: string): Promise<boolean> {
    if (!mongoose.isObjectIdOrHexString(id)) return false;
    const _id = new mongoose.Types.ObjectId(id);
    const result = await this.#files.deleteOne({
      _id,
      'metadata.formId': { $exists: false },
      ...(ownerId !== undefined ? { 'metadata.ownerId': ownerId } : {}),
    });
    if (result.deletedCount !== 1) return false;
    await this.#connection.db!.collection('attachments.chunks').deleteMany({ files_id: _id });
    return true;
  }

  /** The ids of the files no form holds that were uploaded before `before`. */
  async unattachedBefore(before: Date): Promise<string[]> {
    const old = {
      $or: [{ 'metadata.uploadedAt': { $lt: before } }, { 'metadata.uploadedAt': { $exists: false }, uploadDate: { $lt: before } }],
    };
    const docs = await this.#files.find({ ...old, 'metadata.formId': { $exists: false } }, { projection: { _id: 1 } }).toArray();
    return docs.map((d) => d._id.toString());
  }

  open(id: string): NodeJS.ReadableStream {
    return this.#bucket.openDownloadStream(new mongoose.Types.ObjectId(id));
  }

  async remove(id: string): Promise<void> {
    await this.#bucket.delete(new mongoose.Types.ObjectId(id));
  }
}
