import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

/** A photo of the eval, with the set it belongs to. */
export interface EvalPhoto {
  readonly label: string;
  readonly path: string;
  readonly set: 'tuning' | 'held-out';
}

/** Gitignored cache of Debian packages and their extracted trees. */
export const CACHE_DIR = join(process.cwd(), '.eval-cache');

/** A Debian package of photos, and which of its files the eval uses. */
interface DebianSource {
  readonly pkg: string;
  readonly set: EvalPhoto['set'];
  /** Paths inside the extracted package. */
  readonly files: readonly string[];
}

const PLASMA = 'usr/share/wallpapers';
const MATE = 'usr/share/backgrounds/mate/nature';

/**
 * The photos and which set each belongs to. Tuning (34): the 11 bundled samples, eight
 * photographic Plasma wallpapers, and 15 of OpenCV's test photos (opencv-doc: small, mostly
 * JPEG-compressed and noisy, as many photos on the web are; the six OpenCV photos among the
 * bundled samples, the calibration, text and synthetic images, a painting, and the second frame
 * of each pair are left out). Held out (32, never looked at while tuning): every Lomiri 16.04
 * camera photo (15), every MATE "nature" photo (12), the four other Plasma wallpapers that are
 * photographs (Grey, Kite, OneStandsOut, summer_1am) and the one Lomiri 20.04 wallpaper that is a
 * photograph (Kleiber). The other Plasma, Lomiri 20.04, UKUI and GNOME wallpapers are renders or
 * illustrations, not photographs, and are in neither set.
 */
const DEBIAN_SOURCES: readonly DebianSource[] = [
  {
    pkg: 'plasma-workspace-wallpapers',
    set: 'tuning',
    files: [
      'Autumn/contents/images/1920x1080.jpg',
      'BytheWater/contents/images/1920x1080.jpg',
      'ColdRipple/contents/images/1920x1080.jpg',
      'DarkestHour/contents/images/1920x1080.jpg',
      'EveningGlow/contents/images/1920x1080.jpg',
      'FallenLeaf/contents/images/1920x1080.jpg',
      'Path/contents/images/1920x1080.jpg',
      'ColorfulCups/contents/images/2560x1600.jpg',
    ].map((f) => `${PLASMA}/${f}`),
  },
  {
    pkg: 'opencv-doc',
    set: 'tuning',
    files: [
      'aero1.jpg',
      'aero3.jpg',
      'apple.jpg',
      'baboon.jpg',
      'basketball1.png',
      'board.jpg',
      'chicky_512.png',
      'ela_original.jpg',
      'graf1.png',
      'leuvenA.jpg',
      'messi5.jpg',
      'orange.jpg',
      'rubberwhale1.png',
      'smarties.png',
      'stuff.jpg',
    ].map((f) => `usr/share/doc/opencv-doc/examples/data/${f}`),
  },
  { pkg: 'lomiri-wallpapers-16.04', set: 'held-out', files: ['usr/share/backgrounds/*'] },
  { pkg: 'mate-backgrounds', set: 'held-out', files: [`${MATE}/*`] },
  {
    pkg: 'plasma-workspace-wallpapers',
    set: 'held-out',
    files: ['Grey', 'Kite', 'OneStandsOut', 'summer_1am'].map((f) => `${PLASMA}/${f}/contents/images/2560x1600.jpg`),
  },
  {
    pkg: 'lomiri-wallpapers-20.04',
    set: 'held-out',
    files: ['usr/share/backgrounds/Kleiber_by_Lukas_Baubkus.jpg'],
  },
];

const IMAGE = /\.(jpe?g|png|webp|tiff?)$/i;

function imagesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => IMAGE.test(f) && statSync(join(dir, f)).isFile())
    .sort()
    .map((f) => join(dir, f));
}

/** Downloads and unpacks a Debian package into the cache once (`apt-get download`, `dpkg-deb -x`). */
function fetchPackage(pkg: string, log: (line: string) => void): string | undefined {
  const root = join(CACHE_DIR, 'pkg', pkg);
  if (existsSync(root)) return root;
  const debs = join(CACHE_DIR, 'debs');
  mkdirSync(debs, { recursive: true });
  try {
    let deb = readdirSync(debs).find((f) => f.startsWith(`${pkg}_`) && f.endsWith('.deb'));
    if (!deb) {
      log(`fetching Debian package ${pkg}`);
      execFileSync('apt-get', ['download', pkg], { cwd: debs, stdio: 'ignore' });
      deb = readdirSync(debs).find((f) => f.startsWith(`${pkg}_`) && f.endsWith('.deb'));
    }
    if (!deb) return undefined;
    mkdirSync(root, { recursive: true });
    execFileSync('dpkg-deb', ['-x', join(debs, deb), root]);
    return root;
  } catch {
    log(`could not fetch ${pkg} (no apt-get or no network?); skipping it`);
    return undefined;
  }
}

/**
 * Every photo of the eval: bundled samples (tuning), Debian photos (tuning or held out, per the
 * table above; fetched unless `offline`), and each folder on the command line (held out).
 */
export function collectPhotos(
  samplesDir: string,
  extraDirs: readonly string[],
  offline: boolean,
  log: (line: string) => void,
): EvalPhoto[] {
  const photos: EvalPhoto[] = imagesIn(samplesDir).map((path) => ({
    label: `samples/${basename(path)}`,
    path,
    set: 'tuning',
  }));
  for (const source of DEBIAN_SOURCES) {
    const root = offline ? join(CACHE_DIR, 'pkg', source.pkg) : fetchPackage(source.pkg, log);
    if (!root || !existsSync(root)) continue;
    for (const file of source.files) {
      const paths = file.endsWith('/*') ? imagesIn(join(root, file.slice(0, -2))) : [join(root, file)];
      for (const path of paths.filter((p) => existsSync(p))) {
        // A Plasma wallpaper is named by its folder (<name>/contents/images/<size>.jpg).
        const plasma = file.includes('/contents/images/') ? file.split('/').slice(-4, -3)[0] : undefined;
        const label = `${source.pkg}/${plasma ?? basename(path)}`;
        photos.push({ label, path, set: source.set });
      }
    }
  }
  for (const dir of extraDirs) {
    for (const path of imagesIn(dir)) photos.push({ label: `${basename(dir)}/${basename(path)}`, path, set: 'held-out' });
  }
  return photos;
}
