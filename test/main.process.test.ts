import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { IMAGE_SCORE_QUERY, postGraphQL } from './helpers/gateway';

// `npm test` builds first (pretest), so this runs the same file `npm start` does.
const MAIN = path.resolve(__dirname, '..', 'dist', 'src', 'main.js');

interface LogLine {
  level: number;
  msg: string;
  port?: number;
}

function startMain(env: Record<string, string>) {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true', ...env },
  });
  const lines: LogLine[] = [];
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    for (const part of parts) if (part.trim()) lines.push(JSON.parse(part) as LogLine);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, lines, exited };
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 15000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the gateway process (npm start)', () => {
  let running: ChildProcessWithoutNullStreams | undefined;

  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm test\` (it builds first) or \`npm run build\``);
  });

  afterEach(() => {
    running?.kill('SIGKILL');
  });

  it('serves the README example on the bundled samples and stops cleanly on SIGTERM', async () => {
    const { child, lines, exited } = startMain({ PORT: '0' });
    running = child;
    const port = await waitFor(() => lines.find((line) => line.port !== undefined)?.port);

    const { body } = await postGraphQL<{ imageScore: { overallQualityScore: number } }>(
      `http://127.0.0.1:${port}/graphql`,
      IMAGE_SCORE_QUERY,
      { projectName: 'demo', sourceUri: 'oss://samples/coffee.png' },
    );
    child.kill('SIGTERM');

    expect(body.data?.imageScore.overallQualityScore).toBeGreaterThan(0);
    expect(body.data?.imageScore.overallQualityScore).toBeLessThan(1);
    expect(await exited).toBe(0);
    expect(lines.map((line) => line.msg)).toContain('stopped');
  });

  it('refuses to start on a bad setting, naming it', async () => {
    const { child, lines, exited } = startMain({ PORT: '0', MAX_BATCH_SIZE: 'lots' });
    running = child;

    expect(await exited).toBe(2);
    expect(lines.map((line) => line.msg).join('\n')).toMatch(/MAX_BATCH_SIZE.*"lots"/);
  });
});
