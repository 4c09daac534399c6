/**
 * A liveness prober in its own process: GETs `argv[2]` one request at a time, `argv[3]` ms
 * apart, until the parent sends `stop` over IPC; then sends back every latency in ms. Run by
 * {@link startHealthzProbe}, so the prober's own work never runs on the measured event loop.
 */
async function main(): Promise<void> {
  const url = process.argv[2] ?? '';
  const gapMs = Number(process.argv[3] ?? '5');
  const latencies: number[] = [];
  let stopping = false;
  process.on('message', (message) => {
    if (message === 'stop') stopping = true;
  });
  process.send?.('ready');
  while (!stopping) {
    const started = performance.now();
    const response = await fetch(url);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`GET ${url}: HTTP ${response.status}`);
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
  process.send?.(latencies, () => process.disconnect());
}

main().catch((error: unknown) => {
  process.stderr.write(`healthz probe failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
