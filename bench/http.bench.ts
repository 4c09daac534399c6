import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runLoadInChild } from './lib/child-load';
import type { CpuProfile, SelfTime } from './lib/cpu-profile';
import { summariseProfile } from './lib/cpu-profile';
import type { LoadResult } from './lib/http-load';
import type { ServerKind, ServerProcess } from './lib/http-server-process';
import { spawnServer } from './lib/http-server-process';
import { median } from './lib/measure';

const USAGE = `npm run bench:http -- [options]
  --rounds N         interleaved rounds                     (3)
  --duration S       seconds of load per server per round   (5)
  --connections N    autocannon connections                 (50)
  --warmup S         seconds of untimed load per server     (2)
  --servers LIST     comma-separated, from: ${'gateway,gateway-executed,apollo-standalone,apollo-fastify,apollo-express,mercurius'}
  --cpu-prof         profile the gateway child over the timed rounds and summarise its self time
  --profile-out FILE where the .cpuprofile goes             (bench/.cache/http-gateway.cpuprofile)
  --top N            functions and packages in the summary  (15)`;

const { values: flags } = parseArgs({
  options: {
    rounds: { type: 'string' },
    duration: { type: 'string' },
    connections: { type: 'string' },
    warmup: { type: 'string' },
    servers: { type: 'string' },
    'cpu-prof': { type: 'boolean' },
    'profile-out': { type: 'string' },
    top: { type: 'string' },
    help: { type: 'boolean' },
  },
});

/** A positive integer flag, or its default; fails fast naming a bad value. */
function count(name: keyof typeof flags, fallback: number): number {
  const text = flags[name];
  const value = text === undefined ? fallback : Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer: ${String(text)}`);
  return value;
}

const LABELS: Record<ServerKind, string> = {
  gateway: 'gateway (createGateway, production)',
  'gateway-executed': 'gateway, response cache off',
  'apollo-standalone': 'Apollo Server 5 standalone',
  'apollo-fastify': 'Apollo Server 5 + Fastify 5',
  'apollo-express': 'Apollo Server 5 + Express 5',
  mercurius: 'Mercurius + graphql-jit',
};
const ALL = Object.keys(LABELS) as ServerKind[];

const O = {
  rounds: count('rounds', 3),
  durationSeconds: count('duration', 5),
  connections: count('connections', 50),
  warmupSeconds: count('warmup', 2),
  servers: (flags.servers ?? ALL.join(',')).split(',').map((name) => name.trim()) as ServerKind[],
  cpuProf: flags['cpu-prof'] ?? false,
  profileOut: path.resolve(flags['profile-out'] ?? path.join(__dirname, '..', '..', 'bench', '.cache', 'http-gateway.cpuprofile')),
  top: count('top', 15),
};

/** The same query for every server: one image, every field of the contract's ImageScore. */
const BODY = JSON.stringify({
  query:
    'query ($p: String!, $u: String!) { imageScore(projectName: $p, sourceUri: $u) { projectName sourceUri overallQualityScore requestId } }',
  variables: { p: 'demo', u: 'oss://samples/coffee.png' },
});

/** One server's figures for one round. */
interface RoundResult extends LoadResult {
  /** The server child's CPU time over the round, per request answered, µs. */
  cpuMicrosPerRequest: number;
}

/**
 * Asks once and checks the answer is a score; its body is then what autocannon expects of
 * every response (the gateway's is cached after this first one, request id included).
 */
async function firstAnswer(server: ServerProcess): Promise<string> {
  const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY });
  const text = await response.text();
  const parsed = JSON.parse(text) as { data?: { imageScore?: { overallQualityScore?: unknown } }; errors?: unknown };
  if (response.status !== 200 || parsed.errors || typeof parsed.data?.imageScore?.overallQualityScore !== 'number') {
    throw new Error(`${server.kind} did not answer with a score: HTTP ${response.status} ${text}`);
  }
  return text;
}

async function load(server: ServerProcess, expectBody: string, seconds: number): Promise<RoundResult> {
  const before = await server.cpuMicros();
  const result = await runLoadInChild({
    url: server.url,
    body: BODY,
    requests: 0,
    concurrency: O.connections,
    generator: 'autocannon',
    durationSeconds: seconds,
    expectBody,
  });
  const cpu = (await server.cpuMicros()) - before;
  return { ...result, cpuMicrosPerRequest: result.requests > 0 ? cpu / result.requests : Number.NaN };
}

const pad = (text: string, width: number) => text.padEnd(width);
const num = (value: number, digits = 0) => value.toFixed(digits).padStart(8);

function printTable(results: Map<ServerKind, RoundResult[]>): void {
  process.stdout.write(
    `\n${pad('server', 38)}   req/s    p50 ms   p99 ms  CPU µs/req  errors\n`,
  );
  for (const [kind, rounds] of results) {
    const errors: Record<string, number> = {};
    for (const round of rounds) for (const [code, n] of Object.entries(round.errors)) errors[code] = (errors[code] ?? 0) + n;
    process.stdout.write(
      `${pad(LABELS[kind], 38)}${num(median(rounds.map((r) => r.throughput)))}${num(median(rounds.map((r) => r.p50Ms)), 1)} ` +
        `${num(median(rounds.map((r) => r.p99Ms)), 1)}${num(median(rounds.map((r) => r.cpuMicrosPerRequest)), 0).padStart(12)}  ` +
        `${Object.keys(errors).length ? JSON.stringify(errors) : 'none'}\n`,
    );
  }
  process.stdout.write('  (medians over rounds; req/s and CPU per request of each round, latencies as autocannon measured them)\n');
}

/** Median of per-round ratios gateway/other: rounds pair up, so drift of the shared machine cancels. */
function printRatios(results: Map<ServerKind, RoundResult[]>): void {
  for (const kind of ['gateway', 'gateway-executed'] as const) {
    const gateway = results.get(kind);
    if (!gateway) continue;
    for (const other of ['apollo-standalone', 'apollo-fastify'] as const) {
      const baseline = results.get(other);
      if (!baseline) continue;
      const throughput = median(gateway.map((g, i) => g.throughput / baseline[i]!.throughput));
      const cpu = median(gateway.map((g, i) => g.cpuMicrosPerRequest / baseline[i]!.cpuMicrosPerRequest));
      process.stdout.write(
        `${LABELS[kind]} / ${LABELS[other]}: req/s ${throughput.toFixed(2)}, CPU per request ${cpu.toFixed(2)} (median of per-round ratios)\n`,
      );
    }
  }
}

function printProfile(file: string): void {
  const summary = summariseProfile(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile, O.top);
  const lines = (rows: SelfTime[]) =>
    rows.map((row) => `  ${(row.share * 100).toFixed(1).padStart(5)}%  ${row.selfMs.toFixed(0).padStart(7)} ms  ${row.name}\n`).join('');
  process.stdout.write(
    `\nGateway CPU profile over the timed rounds: ${path.relative(process.cwd(), file)} (open it in Chrome DevTools)\n` +
      `  busy ${summary.busyMs.toFixed(0)} ms sampled; figures above include the profiler's own cost\n` +
      `Top self time by function:\n${lines(summary.functions)}` +
      `Top self time by package:\n${lines(summary.packages)}`,
  );
}

async function main(): Promise<void> {
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const unknown = O.servers.filter((kind) => !ALL.includes(kind));
  if (unknown.length > 0) throw new Error(`--servers: unknown ${unknown.join(', ')}; choose from ${ALL.join(', ')}`);
  if (O.cpuProf && !O.servers.includes('gateway')) throw new Error('--cpu-prof profiles the gateway: keep it in --servers');

  process.stdout.write(
    `HTTP stack bench: one imageScore query (the gateway's score cached), POSTed by autocannon in its own process,\n` +
      `${O.connections} connections, ${O.rounds} interleaved rounds of ${O.durationSeconds} s per server after ${O.warmupSeconds} s ` +
      `of warm-up each; every server in its own process with NODE_ENV=production, on 127.0.0.1.\n`,
  );
  const servers: ServerProcess[] = [];
  try {
    for (const kind of O.servers) servers.push(await spawnServer(kind));
    const expected = new Map<ServerKind, string>();
    for (const server of servers) {
      expected.set(server.kind, await firstAnswer(server));
      await load(server, expected.get(server.kind)!, O.warmupSeconds);
    }
    const gateway = servers.find((server) => server.kind === 'gateway');
    if (O.cpuProf) await gateway?.startProfile();

    const results = new Map<ServerKind, RoundResult[]>(O.servers.map((kind) => [kind, []]));
    for (let round = 0; round < O.rounds; round += 1) {
      // A different server goes first each round, so none always runs on a machine just busied.
      const order = servers.map((_, i) => servers[(i + round) % servers.length]!);
      for (const server of order) {
        const result = await load(server, expected.get(server.kind)!, O.durationSeconds);
        results.get(server.kind)!.push(result);
        process.stdout.write(
          `  round ${round + 1} ${pad(server.kind, 18)} ${result.throughput.toFixed(0).padStart(6)} req/s  ` +
            `p50 ${result.p50Ms.toFixed(1)} ms  p99 ${result.p99Ms.toFixed(1)} ms  ${result.cpuMicrosPerRequest.toFixed(0)} µs CPU/req\n`,
        );
      }
    }
    printTable(results);
    printRatios(results);
    if (O.cpuProf && gateway) {
      fs.mkdirSync(path.dirname(O.profileOut), { recursive: true });
      await gateway.stop(O.profileOut);
      servers.splice(servers.indexOf(gateway), 1);
      printProfile(O.profileOut);
    }
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
