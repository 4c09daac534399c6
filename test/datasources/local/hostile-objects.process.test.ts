import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ScoreErrorCode } from '../../../src/errors';
import { IMAGE_SCORE_QUERY, postGraphQL } from '../../helpers/gateway';
import { MAIN, startMain, waitFor, type MainProcess } from '../../helpers/main-process';
import type { OssFixture } from '../../helpers/oss-fixture';
import { createOssFixture, readSample } from '../../helpers/oss-fixture';

describe('the gateway process with FIFOs in its bucket', () => {
  let fixture: OssFixture;
  let running: MainProcess | undefined;

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm test\` (it builds first) or \`npm run build\``);
    fixture = await createOssFixture();
    await fixture.put('objects', 'photo.png', await readSample('coffee.png'));
    // More FIFOs than libuv has threads: each open() of one used to hold a thread forever, and
    // the process then could not exit, as exit waits for those threads.
    for (let i = 0; i < 12; i++) execFileSync('mkfifo', [path.join(fixture.root, 'objects', `fifo-${i}.jpg`)]);
  });

  afterEach(() => {
    running?.child.kill('SIGKILL');
  });

  afterAll(() => fixture.cleanup());

  it('answers FIFO requests with a typed error, still scores, and exits on SIGTERM with FIFO requests in flight', async () => {
    running = startMain({ PORT: '0', LOCAL_OSS_ROOT: fixture.root, LOG_LEVEL: 'info' });
    const { lines, child, exited } = running;
    const port = await waitFor(() => lines.find((line) => line.port !== undefined)?.port);
    const url = `http://127.0.0.1:${port}/graphql`;
    const ask = (sourceUri: string) => postGraphQL(url, IMAGE_SCORE_QUERY, { projectName: 'demo', sourceUri });

    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => ask(`oss://objects/fifo-${i}.jpg`)));
    expect(answers.map((a) => a.body.errors?.[0]?.extensions?.code)).toEqual(
      answers.map(() => ScoreErrorCode.OBJECT_NOT_FOUND),
    );
    const photo = await ask('oss://objects/photo.png');
    expect(photo.body.errors).toBeUndefined();

    // Six more FIFO requests, and SIGTERM while they are in flight.
    const inFlight = Array.from({ length: 6 }, (_, i) => ask(`oss://objects/fifo-${6 + i}.jpg`).catch(() => undefined));
    child.kill('SIGTERM');
    const started = Date.now();
    expect(await exited).toBe(0);
    // Well under Apollo's 10 s drain grace: nothing was left to wait for.
    expect(Date.now() - started).toBeLessThan(8000);
    expect(lines.map((line) => line.msg)).toContain('stopped');
    await Promise.all(inFlight);
  });
});
