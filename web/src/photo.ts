/**
 * A photo picked on the phone or the desktop, scaled down to at most `max` pixels on its longer
 * side and re-encoded as JPEG: base64 without the data-URL prefix, small enough for a JSON upload.
 */
export async function scaledPhoto(file: File, max = 1600, quality = 0.8): Promise<string> {
  const image = await createImageBitmap(file);
  const k = Math.min(1, max / Math.max(image.width, image.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(image.width * k));
  canvas.height = Math.max(1, Math.round(image.height * k));
  canvas.getContext('2d')!.drawImage(image, 0, 0, canvas.width, canvas.height);
  const url = canvas.toDataURL('image/jpeg', quality);
  return url.slice(url.indexOf(',') + 1);
}
