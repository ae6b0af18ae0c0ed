import { randomBytes } from 'node:crypto';
import { PhotoStore, sniffImageType } from '../../src/services/photo-store.js';
import { useTestDatabase } from '../support/db.js';

useTestDatabase();

const PNG_HEADER = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const png = (size: number) => Buffer.concat([PNG_HEADER, randomBytes(size - PNG_HEADER.length)]);

describe('PhotoStore', () => {
  const store = new PhotoStore(2 * 1024 * 1024);

  it('stores a photo in GridFS and reads back the same bytes, across chunks', async () => {
    const data = png(700 * 1024); // three 255 KiB chunks
    const saved = await store.save(data, { ticketId: 'x' });
    expect(saved).toMatchObject({ contentType: 'image/png', size: data.length });
    expect((await store.read(saved.fileId)).equals(data)).toBe(true);
  });

  it('refuses empty, oversize and non-image files by their content', async () => {
    await expect(store.save(Buffer.alloc(0))).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(store.save(png(3 * 1024 * 1024))).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(store.save(Buffer.from('<script>alert(1)</script>'))).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('recognises image types by their first bytes', () => {
    expect(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffImageType(Buffer.from('GIF89a'))).toBe('image/gif');
    expect(sniffImageType(Buffer.from('%PDF-1.4'))).toBeUndefined();
  });
});
