import { execFile } from 'node:child_process';
import path from 'node:path';
import type { LoadResult } from './http-load';
import type { ChildLoadOptions } from './load-client.main';

/**
 * Runs one load in a child process (`load-client.main.js`, next to this compiled file) and
 * resolves with what it measured. Its start-up is outside the measured time.
 */
export function runLoadInChild(options: ChildLoadOptions): Promise<LoadResult> {
  const main = path.join(__dirname, 'load-client.main.js');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [main, JSON.stringify(options)], { maxBuffer: 1 << 20 }, (error, stdout) => {
      if (error) reject(error);
      else resolve(JSON.parse(stdout) as LoadResult);
    });
  });
}
