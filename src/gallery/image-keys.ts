/** File name endings of the image formats sharp decodes: the gallery lists only these. */
const IMAGE_KEY = /\.(jpe?g|png|webp|gif|avif|tiff?|heic|heif)$/i;

/** Whether `key` names an image by its extension (a listing shows no text or archive files). */
export function isImageKey(key: string): boolean {
  return IMAGE_KEY.test(key);
}
