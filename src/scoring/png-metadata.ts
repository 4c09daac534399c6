import { inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The chunks whose contents libvips keeps as image metadata (the rest it skips or decodes). */
const KEPT = new Set(['tEXt', 'zTXt', 'iTXt', 'iCCP', 'eXIf']);

/**
 * Where the compressed payload of a zTXt, iTXt or iCCP chunk starts, or undefined when the
 * chunk holds it uncompressed. zTXt and iCCP: name, NUL, method byte. iTXt: keyword, NUL,
 * compression flag, method, language tag, NUL, translated keyword, NUL.
 */
function compressedStart(type: string, data: Buffer): number | undefined {
  const nul = data.indexOf(0);
  if (nul < 0) return undefined;
  if (type === 'zTXt' || type === 'iCCP') return nul + 2;
  if (type !== 'iTXt' || data[nul + 1] !== 1) return undefined;
  const language = data.indexOf(0, nul + 3);
  const translated = language < 0 ? -1 : data.indexOf(0, language + 1);
  return translated < 0 ? undefined : translated + 1;
}

/**
 * Bytes of metadata (text, ICC profile, EXIF) a PNG carries, compressed text counted inflated,
 * read from its chunk headers before any decoder sees the file: libvips keeps each such chunk
 * in memory and copies it into every image of the pipeline, so a text chunk of tens of MB, or
 * a zTXt of a few KB that inflates to that, costs many times its size. Stops counting once the
 * total passes `limit` (the result is then only known to exceed it), and never inflates more
 * than `limit + 1` bytes. Undefined when `input` is not a PNG; a truncated or corrupt chunk
 * ends the count, left for the decoder to refuse.
 */
export function pngMetadataBytes(input: Buffer, limit: number): number | undefined {
  if (input.length < SIGNATURE.length || !input.subarray(0, SIGNATURE.length).equals(SIGNATURE)) return undefined;
  let total = 0;
  for (let at = SIGNATURE.length; at + 8 <= input.length && total <= limit; ) {
    const length = input.readUInt32BE(at);
    const type = input.toString('latin1', at + 4, at + 8);
    const start = at + 8;
    const end = start + length;
    if (end + 4 > input.length || type === 'IEND') break;
    if (KEPT.has(type)) {
      const data = input.subarray(start, end);
      const from = compressedStart(type, data);
      if (from === undefined) {
        total += length;
      } else {
        try {
          total += from + inflateSync(data.subarray(from), { maxOutputLength: limit - total + 1 }).length;
        } catch (error) {
          // Over the budget: stop. Corrupt deflate data: count what is stored; the decoder rules.
          total += (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? limit + 1 : length;
        }
      }
    }
    at = end + 4;
  }
  return total;
}
