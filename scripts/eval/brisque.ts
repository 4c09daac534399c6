import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where Debian's python3-opencv lives: the system interpreter, not a pyenv or venv one. */
const PYTHONS = ['/usr/bin/python3', 'python3'];

/**
 * OpenCV BRISQUE (lower = better) for each file, through `brisque.py` in a child process, or the
 * reason it is unavailable (python3-opencv / opencv-data not installed, cv2.quality missing).
 */
export function brisqueScores(
  files: readonly string[],
): { scores: Map<string, number> } | { unavailable: string } {
  const helper = join(__dirname, '..', '..', '..', 'scripts', 'eval', 'brisque.py');
  if (!existsSync(helper)) return { unavailable: `helper not found at scripts/eval/brisque.py` };
  let reason = 'no python3 found';
  for (const python of PYTHONS) {
    const run = spawnSync(python, [helper], {
      input: files.join('\n'),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.error) continue;
    if (run.status !== 0) {
      reason = run.stderr.trim() || `exit ${String(run.status)}`;
      continue;
    }
    const scores = new Map<string, number>();
    for (const line of run.stdout.split('\n')) {
      const [score, path] = line.split('\t');
      if (score && path) scores.set(path, Number(score));
    }
    return { scores };
  }
  return { unavailable: reason };
}
