import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import type { FaultRule } from '../../src/emulator/faults';

/** An IMM emulator running in a child process, driven through its admin API. */
export interface RemoteEmulator {
  /** host:port, for IMM_ENDPOINT. */
  endpoint: string;
  /** Forgets recorded calls. */
  resetRecord(): Promise<void>;
  /** DetectImageScore calls recorded since the last reset. */
  scoreCalls(): Promise<number>;
  /** DetectImageScore calls recorded since the last reset, by outcome (`ok`, an IMM code, `hang`...). */
  scoreOutcomes(): Promise<Record<string, number>>;
  /** Removes every fault rule (and reseeds). */
  clearFaults(): Promise<void>;
  stop(): Promise<void>;
}

/** Options of {@link spawnEmulator}. */
export interface SpawnEmulatorOptions {
  key: { accessKeyId: string; accessKeySecret: string };
  ossRoot: string;
  /** @default 0 */
  latencyMs?: number;
  /** @default ['demo'] */
  projects?: string[];
  /** Fault rules from the start (JSON: `regex` as a string). @default [] */
  faults?: FaultRule[];
  /** PRNG seed of `rate` rules, so a run replays. @default 1 */
  seed?: number;
}

interface RecordedCall {
  action: string;
  outcome: string;
}

/**
 * Starts the built emulator (`dist/src/emulator/main.js`, next to this compiled file) on a free
 * port and resolves once it has logged its endpoint.
 */
export async function spawnEmulator(options: SpawnEmulatorOptions): Promise<RemoteEmulator> {
  const main = path.join(__dirname, '..', '..', 'src', 'emulator', 'main.js');
  const child = spawn(
    process.execPath,
    [
      main,
      '--port', '0',
      '--key', `${options.key.accessKeyId}:${options.key.accessKeySecret}`,
      '--oss-root', options.ossRoot,
      '--projects', (options.projects ?? ['demo']).join(','),
      '--latency', String(options.latencyMs ?? 0),
      '--faults', JSON.stringify(options.faults ?? []),
      '--seed', String(options.seed ?? 1),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, LOG_LEVEL: 'info' } },
  );
  const endpoint = await new Promise<string>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const entry = JSON.parse(line) as { endpoint?: string };
      if (entry.endpoint) resolve(entry.endpoint);
    });
    child.once('exit', (code) => reject(new Error(`the emulator exited with ${code}`)));
  });
  const admin = (method: string, route: string) => fetch(`http://${endpoint}/__admin/${route}`, { method });
  const scoreCallsRecorded = async () => {
    const record = (await (await admin('GET', 'record')).json()) as { calls: RecordedCall[] };
    return record.calls.filter((call) => call.action === 'DetectImageScore');
  };
  return {
    endpoint,
    resetRecord: async () => {
      await admin('DELETE', 'record');
    },
    scoreCalls: async () => (await scoreCallsRecorded()).length,
    scoreOutcomes: async () => {
      const counts: Record<string, number> = {};
      for (const call of await scoreCallsRecorded()) counts[call.outcome] = (counts[call.outcome] ?? 0) + 1;
      return counts;
    },
    clearFaults: async () => {
      await admin('DELETE', `faults?seed=${options.seed ?? 1}`);
    },
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
