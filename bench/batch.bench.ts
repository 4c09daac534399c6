import 'reflect-metadata';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { DEFAULT_LOCAL_OSS_ROOT, loadConfig } from '../src/config';
import { createGateway } from '../src/server';
import type { RemoteEmulator } from './lib/emulator-process';
import { spawnEmulator } from './lib/emulator-process';

/**
 * `npm run bench:batch`: how well the imm backend fills its in-flight bound, and whether it
 * calls IMM once per distinct image. Against the emulator on loopback, with the real client.
 *
 * The emulator runs in its own process (as IMM is remote): in this one it would share the
 * gateway's event loop and its CPU would count against the gateway.
 *
 * 1. A batch of IMAGES distinct images (copies of the sample photos under different keys),
 *    emulator latency LATENCY_MS, IMM_MAX_IN_FLIGHT=IN_FLIGHT: wall time against the floor
 *    ceil(IMAGES / IN_FLIGHT) x LATENCY_MS, as a ratio (target <= 1.2).
 * 2. A batch of IMAGES URIs holding IMAGES/2 distinct images twice each: upstream calls (target:
 *    exactly IMAGES/2).
 * Each figure is the median of RUNS runs, each on a fresh gateway (empty score cache).
 * Environment (optional): BENCH_IMAGES (100), BENCH_LATENCY_MS (50), BENCH_IN_FLIGHT (16),
 * BENCH_RUNS (7).
 */
const env = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer: ${process.env[name]}`);
  return value;
};
const IMAGES = env('BENCH_IMAGES', 100);
const LATENCY_MS = env('BENCH_LATENCY_MS', 50);
const IN_FLIGHT = env('BENCH_IN_FLIGHT', 16);
const RUNS = env('BENCH_RUNS', 7);

const KEY = { accessKeyId: 'LTAI5tBenchKey000001', accessKeySecret: 'bench-secret-not-real' };
const QUERY = `query($projectName: String!, $sourceUris: [String!]!) {
  imageScores(projectName: $projectName, sourceUris: $sourceUris) {
    __typename ... on ImageScore { overallQualityScore } ... on ImageScoreError { code message }
  }
}`;

/** Writes `count` copies of the sample photos as `oss://bench/img-<i>.<ext>`; returns their URIs. */
async function writeCopies(root: string, count: number): Promise<string[]> {
  const samples = (await fs.readdir(path.join(DEFAULT_LOCAL_OSS_ROOT, 'samples'))).filter((f) => /\.(jpe?g|png)$/i.test(f));
  await fs.mkdir(path.join(root, 'bench'), { recursive: true });
  const uris: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const sample = samples[i % samples.length]!;
    const key = `img-${i}${path.extname(sample)}`;
    await fs.copyFile(path.join(DEFAULT_LOCAL_OSS_ROOT, 'samples', sample), path.join(root, 'bench', key));
    uris.push(`oss://bench/${key}`);
  }
  return uris;
}

/** Runs one imageScores batch on a fresh gateway; resolves wall time and IMM calls made. */
async function runBatch(emulator: RemoteEmulator, sourceUris: string[]): Promise<{ ms: number; calls: number }> {
  const config = loadConfig({
    PORT: '0',
    SCORE_BACKEND: 'imm',
    AUTH_MODE: 'none',
    IMM_ENDPOINT: emulator.endpoint,
    IMM_PROTOCOL: 'http',
    IMM_MAX_IN_FLIGHT: String(IN_FLIGHT),
    // The pace is not under test here: allow far more than the batch needs.
    IMM_QPS: '100000',
    MAX_BATCH_SIZE: String(Math.max(100, sourceUris.length)),
  });
  const gateway = await createGateway(config, { logger: pino({ level: 'silent' }) });
  const address = await gateway.listen(0, '127.0.0.1');
  try {
    await emulator.resetRecord();
    const started = performance.now();
    const response = await fetch(`http://127.0.0.1:${address.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUERY, variables: { projectName: 'demo', sourceUris } }),
    });
    const body = (await response.json()) as { data?: { imageScores: Array<{ __typename: string; code?: string }> } };
    const ms = performance.now() - started;
    const failed = body.data?.imageScores.filter((r) => r.__typename !== 'ImageScore') ?? [];
    if (!body.data || failed.length > 0) throw new Error(`batch failed: ${JSON.stringify(failed[0] ?? body)}`);
    return { ms, calls: await emulator.scoreCalls() };
  } finally {
    await gateway.close();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function main(): Promise<void> {
  // The gateway reads credentials through @alicloud/credentials' default chain, as in production.
  process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = KEY.accessKeyId;
  process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = KEY.accessKeySecret;
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-batch-'));
  const uris = await writeCopies(root, IMAGES);
  const emulator = await spawnEmulator({ key: KEY, ossRoot: root, latencyMs: LATENCY_MS });
  try {
    // Warm-up: the emulator scores each distinct photo once (it remembers scores by content),
    // and the JIT warms up; neither belongs in the figures.
    await runBatch(emulator, uris);

    const distinct: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const { ms, calls } = await runBatch(emulator, uris);
      if (calls !== IMAGES) throw new Error(`expected ${IMAGES} IMM calls, saw ${calls}`);
      distinct.push(ms);
    }
    const half = uris.slice(0, Math.ceil(IMAGES / 2));
    const withDuplicates = [...half, ...half].slice(0, IMAGES);
    const dupCalls: number[] = [];
    const dupTimes: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const { ms, calls } = await runBatch(emulator, withDuplicates);
      dupCalls.push(calls);
      dupTimes.push(ms);
    }

    const floor = Math.ceil(IMAGES / IN_FLIGHT) * LATENCY_MS;
    const wall = median(distinct);
    const rows = [
      ['batch', 'images (distinct)', 'in-flight bound', 'latency', 'floor', 'wall (median)', 'ratio', 'IMM calls'],
      [
        'distinct', `${IMAGES} (${IMAGES})`, String(IN_FLIGHT), `${LATENCY_MS} ms`, `${floor} ms`,
        `${wall.toFixed(0)} ms`, (wall / floor).toFixed(2), String(IMAGES),
      ],
      [
        'half duplicates', `${withDuplicates.length} (${half.length})`, String(IN_FLIGHT), `${LATENCY_MS} ms`,
        `${Math.ceil(half.length / IN_FLIGHT) * LATENCY_MS} ms`, `${median(dupTimes).toFixed(0)} ms`,
        (median(dupTimes) / (Math.ceil(half.length / IN_FLIGHT) * LATENCY_MS)).toFixed(2),
        `${median(dupCalls)} (min ${Math.min(...dupCalls)}, max ${Math.max(...dupCalls)})`,
      ],
    ];
    process.stdout.write(`${rows.map((row) => `| ${row.join(' | ')} |`).join('\n')}\n`);
    process.stdout.write(
      `runs: ${RUNS}; distinct walls (ms): ${distinct.map((ms) => ms.toFixed(0)).join(', ')}; ` +
        `targets: ratio <= 1.2 -> ${wall / floor <= 1.2 ? 'met' : 'MISSED'}, ` +
        `calls == ${half.length} -> ${dupCalls.every((c) => c === half.length) ? 'met' : 'MISSED'}\n`,
    );
  } finally {
    await emulator.stop();
    await fs.rm(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
