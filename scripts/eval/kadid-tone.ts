import sharp, { type OutputInfo } from 'sharp';
import { labToSrgb, linearRgbToLab, srgbToLinear } from './lab';
import { toneCurve, toneLut } from './tone-curve';

/** KADID-10k brighten (#16) amounts, levels 1..5; the curve's mid control point is 0.5 + amount / 2. */
export const BRIGHTEN_AMOUNTS = [0.1, 0.2, 0.4, 0.7, 1.1] as const;
/** KADID-10k darken (#17) amounts, levels 1..5; the mid control point is 0.5 - amount / 2. */
export const DARKEN_AMOUNTS = [0.05, 0.1, 0.2, 0.4, 0.8] as const;

/** Raw 8-bit RGB of an encoded image: alpha dropped, a grey photo expanded to three channels. */
async function rawRgb(image: Buffer): Promise<{ data: Buffer; info: OutputInfo }> {
  return sharp(image).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
}

/** Lossless: the tone curve is the whole distortion, so no codec may add its own. */
function encodePng(data: Buffer, info: OutputInfo): Promise<Buffer> {
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
    .png({ compressionLevel: 1 })
    .toBuffer();
}

/**
 * KADID darken: the tone curve with mid point 0.5 - amount / 2 on each RGB channel (the
 * reference's default, `dolab=False`). Black and white stay put; mid-tones sink.
 */
export async function kadidDarken(image: Buffer, amount: number): Promise<Buffer> {
  const { data, info } = await rawRgb(image);
  const lut = toneLut(0.5 - amount / 2);
  for (let i = 0; i < data.length; i++) data[i] = lut[data[i]!]!;
  return encodePng(data, info);
}

/**
 * KADID brighten: the tone curve with mid point 0.5 + amount / 2, applied both to the RGB
 * channels and to Lab L* (a*, b* kept), averaged 2:1: y = (2 curve(RGB) + rgb(curve(L*))) / 3.
 * The L* path keeps hue where the per-channel curve would wash colours towards white.
 */
export async function kadidBrighten(image: Buffer, amount: number): Promise<Buffer> {
  const { data, info } = await rawRgb(image);
  const c = 0.5 + amount / 2;
  const curve = toneCurve(c);
  const rgbCurve = new Float64Array(256);
  const linear = new Float64Array(256);
  for (let v = 0; v < 256; v++) {
    rgbCurve[v] = curve(v / 255);
    linear[v] = srgbToLinear(v / 255);
  }
  const out = Buffer.alloc(data.length);
  for (let i = 0; i < data.length; i += 3) {
    const r = data[i]!;
    const g = data[i + 1]!;
    const b = data[i + 2]!;
    const [l, la, lb] = linearRgbToLab(linear[r]!, linear[g]!, linear[b]!);
    const j = labToSrgb(100 * curve(l / 100), la, lb);
    out[i] = Math.round((255 * (2 * rgbCurve[r]! + j[0])) / 3);
    out[i + 1] = Math.round((255 * (2 * rgbCurve[g]! + j[1])) / 3);
    out[i + 2] = Math.round((255 * (2 * rgbCurve[b]! + j[2])) / 3);
  }
  return encodePng(out, info);
}
