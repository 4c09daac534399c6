import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { IMAGE_SCORE_QUERY, postGraphQL } from './helpers/gateway';
import { MAIN, startMain, waitFor } from './helpers/main-process';

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
