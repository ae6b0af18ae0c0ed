import { createHash } from 'node:crypto';
import mongoose, { Types } from 'mongoose';
import { ValidationError } from '../domain/errors.js';

/** Image types accepted, recognised by their first bytes (never by a client's claim). */
const SIGNATURES: Array<[type: string, magic: number[]]> = [
  ['image/jpeg', [0xff, 0xd8, 0xff]],
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['image/gif', [0x47, 0x49, 0x46, 0x38]],
  ['image/webp', [0x52, 0x49, 0x46, 0x46]],
];

export function sniffImageType(data: Buffer): string | undefined {
  return SIGNATURES.find(([, magic]) => magic.every((b, i) => data[i] === b))?.[0];
}

export interface StoredPhoto {
  fileId: Types.ObjectId;
  contentType: string;
  size: number;
  sha256: string;
}

/** Photos in GridFS (bucket `photos`), so every process sharing the database sees them. */
export class PhotoStore {
  constructor(private readonly maxBytes: number) {}

  private bucket() {
    return new mongoose.mongo.GridFSBucket(mongoose.connection.db!, { bucketName: 'photos' });
  }

  async save(data: Buffer, meta: { ticketId?: string; uploadedBy?: string } = {}): Promise<StoredPhoto> {
    if (!data.length) throw new ValidationError(['photo: empty file']);
    if (data.length > this.maxBytes) throw new ValidationError([`photo: larger than ${this.maxBytes} bytes`]);
    const contentType = sniffImageType(data);
    if (!contentType) throw new ValidationError(['photo: not a JPEG, PNG, GIF or WebP image']);
    const sha256 = createHash('sha256').update(data).digest('hex');
    const fileId = new Types.ObjectId();
    await new Promise<void>((resolve, reject) => {
      const upload = this.bucket().openUploadStreamWithId(fileId, `${sha256}`, {
        metadata: { contentType, sha256, ...meta },
      });
      upload.once('finish', () => resolve());
      upload.once('error', reject);
      upload.end(data);
    });
    return { fileId, contentType, size: data.length, sha256 };
  }

  async read(fileId: Types.ObjectId | string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    const stream = this.bucket().openDownloadStream(new Types.ObjectId(String(fileId)));
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
}
