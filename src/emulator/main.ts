import { parseArgs } from 'node:util';
import pino from 'pino';
import { DEFAULT_LOCAL_OSS_ROOT } from '../config';
import { createEmulator } from './emulator';
import type { FaultRule } from './faults';
import type { AccessKey } from './signature';

const USAGE = `npm run emulator -- [options]   (flags win over environment variables)
  --port N            EMULATOR_PORT          default 9100
  --host H            EMULATOR_HOST          default 127.0.0.1
  --key ID:SECRET[:STS_TOKEN]  (repeatable)  EMULATOR_ACCESS_KEYS (comma-separated)
  --oss-root DIR      LOCAL_OSS_ROOT         default the repo's data/oss
  --projects a,b      LOCAL_PROJECTS         default demo
  --latency MS        EMULATOR_LATENCY_MS    default 0
  --faults JSON       EMULATOR_FAULTS        FaultRule array, e.g. [{"glob":"**/*.png","rate":0.1,"fault":{"kind":"throttle"}}]
  --seed N            EMULATOR_SEED          default 1
  --threads N         SCORER_THREADS         scorer worker threads, default the CPU count`;

/** Parses `ID:SECRET[:TOKEN]`; the secret may not contain `:`. */
function parseKey(text: string): AccessKey {
  const [accessKeyId, accessKeySecret, securityToken] = text.split(':');
  if (!accessKeyId || !accessKeySecret) {
    throw new Error('an access key must be ID:SECRET or ID:SECRET:STS_TOKEN');
  }
  return { accessKeyId, accessKeySecret, ...(securityToken ? { securityToken } : {}) };
}

function number(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number: ${text}`);
  return value;
}

function threads(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`threads must be a positive integer: ${text}`);
  return value;
}

/** Starts the emulator from flags and the environment, and stops it on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      key: { type: 'string', multiple: true },
      'oss-root': { type: 'string' },
      projects: { type: 'string' },
      latency: { type: 'string' },
      faults: { type: 'string' },
      seed: { type: 'string' },
      threads: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const env = process.env;
  const keyTexts = values.key ?? (env.EMULATOR_ACCESS_KEYS ?? '').split(',').filter(Boolean);
  if (keyTexts.length === 0) {
    throw new Error(`no access keys: pass --key ID:SECRET or set EMULATOR_ACCESS_KEYS\n${USAGE}`);
  }
  const faultsText = values.faults ?? env.EMULATOR_FAULTS;
  const emulator = createEmulator({
    accessKeys: keyTexts.map(parseKey),
    ossRoot: values['oss-root'] ?? env.LOCAL_OSS_ROOT ?? DEFAULT_LOCAL_OSS_ROOT,
    projects: (values.projects ?? env.LOCAL_PROJECTS ?? 'demo').split(',').map((p) => p.trim()).filter(Boolean),
    latencyMs: number('latency', values.latency ?? env.EMULATOR_LATENCY_MS, 0),
    seed: number('seed', values.seed ?? env.EMULATOR_SEED, 1),
    scorerThreads: threads(values.threads ?? env.SCORER_THREADS),
    faults: faultsText ? (JSON.parse(faultsText) as FaultRule[]) : [],
    logger,
  });
  const address = await emulator.listen(
    number('port', values.port ?? env.EMULATOR_PORT, 9100),
    values.host ?? env.EMULATOR_HOST ?? '127.0.0.1',
  );
  logger.info(
    // Key ids only: the secrets stay out of the log.
    { endpoint: emulator.endpoint, accessKeyIds: keyTexts.map((k) => k.split(':')[0]) },
    `IMM emulator ready: IMM_ENDPOINT=${address.address}:${address.port} IMM_PROTOCOL=http`,
  );
  const stop = () => {
    emulator.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`fatal: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
