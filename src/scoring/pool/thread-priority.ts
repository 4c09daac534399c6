import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

/** The name libvips gives the threads it computes pixels on (`/proc/<pid>/task/<tid>/comm`). */
const LIBVIPS_THREAD = 'libvips';

/**
 * The nice value the scorer's threads run at: the calling thread's own, raised by `increment`,
 * at most 19. Called once in each worker at start, before it lowers its own priority.
 */
export function scorerNiceness(increment: number): number {
  return Math.min(19, os.getPriority(0) + increment);
}

/** Sets one thread's nice value, unless it already runs at that or lower. */
function lower(tid: number, niceness: number): void {
  try {
    if (os.getPriority(tid) < niceness) os.setPriority(tid, niceness);
  } catch {
    // The thread ended meanwhile, or the process may not change it: it runs as it was.
  }
}

/**
 * Lowers the calling thread's priority to `niceness` (Linux only: there, as NPTL implements
 * `setpriority`, a nice value belongs to one thread, so pid 0 is this thread and the main
 * thread keeps its own; elsewhere it would lower the whole process, so nothing is done).
 */
export function lowerThisThread(niceness: number): void {
  if (process.platform === 'linux') lower(0, niceness);
}

/**
 * Lowers every libvips thread of the process to `niceness` (Linux only). libvips decodes on
 * threads of its own, created from libuv's thread pool, which the main thread started at its
 * own priority; a worker lowering only itself would leave the decode, most of an image's CPU,
 * competing with the main thread. New libvips threads appear as decodes need them, so the
 * workers call this around each image; it reads a few bytes per thread of the process.
 */
export function lowerLibvipsThreads(niceness: number): void {
  if (process.platform !== 'linux') return;
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return;
  }
  for (const tid of tids) {
    let name: string;
    try {
      name = readFileSync(`/proc/self/task/${tid}/comm`, 'utf8');
    } catch {
      continue;
    }
    if (name.startsWith(LIBVIPS_THREAD)) lower(Number(tid), niceness);
  }
}
