/** File name endings taken for images when walking a folder (any case). */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set([
  '.jpg', '.jpeg', '.jpe', '.png', '.webp', '.gif', '.tif', '.tiff', '.avif', '.heic', '.heif', '.jxl', '.svg',
]);

/** Bytes needed by {@link looksLikeImage}. */
export const SNIFF_BYTES = 16;

const startsWith = (head: Uint8Array, bytes: readonly number[], at = 0): boolean =>
  bytes.every((b, i) => head[at + i] === b);
const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

/**
 * Whether a file's first bytes carry the signature of a format sharp decodes (JPEG, PNG, GIF,
 * WebP, TIFF, an ISO BMFF image: AVIF/HEIF, JPEG XL), for files in a folder whose name does not
 * say. A match is a reason to try, not a promise: the decode decides.
 */
export function looksLikeImage(head: Uint8Array): boolean {
  return (
    startsWith(head, [0xff, 0xd8, 0xff]) ||
    startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) ||
    startsWith(head, ascii('GIF8')) ||
    (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) ||
    startsWith(head, [0x49, 0x49, 0x2a, 0x00]) ||
    startsWith(head, [0x4d, 0x4d, 0x00, 0x2a]) ||
    (startsWith(head, ascii('ftyp'), 4) && ['avif', 'avis', 'heic', 'heix', 'mif1', 'msf1'].some((brand) => startsWith(head, ascii(brand), 8))) ||
    startsWith(head, [0xff, 0x0a]) ||
    startsWith(head, [0x00, 0x00, 0x00, 0x0c, 0x4a, 0x58, 0x4c, 0x20])
  );
}
