import type { HealthzSample } from './healthz-probe';

/** Requests made and not recorded before `ready`: see {@link main}. */
const WARM_UP_REQUESTS = 5;

async function get(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url);
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return performance.now() - started;
}

/**
 * A liveness prober in its own process: GETs `argv[2]` one request at a time, `argv[3]` ms
 * apart, until the parent sends `stop` over IPC; then sends back every request's start (epoch
 * ms, comparable across processes) and latency. Run by {@link startHealthzProbe}, so the
 * prober's own work never runs on the measured event loop.
 *
 * It says `ready` only after a few unrecorded requests: a process's first `fetch` loads undici
 * and opens the connection, which took 60 to 75 ms against a server that answers at once, and
 * that one request was the batch's `/healthz` max.
 */
async function main(): Promise<void> {
  const url = process.argv[2] ?? '';
  const gapMs = Number(process.argv[3] ?? '5');
  const samples: HealthzSample[] = [];
  let stopping = false;
  process.on('message', (message) => {
    if (message === 'stop') stopping = true;
  });
  for (let i = 0; i < WARM_UP_REQUESTS; i++) await get(url);
  process.send?.('ready');
  while (!stopping) {
    const at = performance.timeOrigin + performance.now();
    samples.push({ at, ms: await get(url) });
    await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
  process.send?.(samples, () => process.disconnect());
}

main().catch((error: unknown) => {
  process.stderr.write(`healthz probe failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
