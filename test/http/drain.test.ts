import type { ImageRef, Score } from '../../src/datasources/score-source';
import { HashScoreSource } from '../helpers/fake-source';
import { IMAGE_SCORE_QUERY, postGraphQL, startGateway } from '../helpers/gateway';

/** Hash scores after a delay, telling the test when the first call has begun. */
class SlowSource extends HashScoreSource {
  private began!: () => void;
  readonly started = new Promise<void>((resolve) => {
    this.began = resolve;
  });

  override async score(ref: ImageRef): Promise<Score> {
    this.began();
    await new Promise((resolve) => setTimeout(resolve, 700));
    return super.score(ref);
  }
}

describe('graceful drain', () => {
  it('answers the requests in flight when close() is called, promptly, then takes no new connection', async () => {
    const source = new SlowSource();
    const running = await startGateway({}, { source });
    const inFlight = postGraphQL<{ imageScore: { overallQualityScore: number } }>(running.url, IMAGE_SCORE_QUERY, {
      projectName: 'demo',
      sourceUri: 'oss://bkt/drain.jpg',
    });
    // The stop begins while the request is inside the resolver.
    await source.started;

    const started = Date.now();
    const closing = running.close();
    const answered = await inFlight;
    await closing;
    const closedAfterMs = Date.now() - started;
    const after = await fetch(running.url.replace('/graphql', '/healthz')).then(
      (response) => response.status,
      (error: { cause?: { code?: string } }) => error.cause?.code ?? String(error),
    );

    expect(answered.status).toBe(200);
    expect(answered.body.data?.imageScore.overallQualityScore).toBeGreaterThanOrEqual(0);
    expect(after).toBe('ECONNREFUSED');
    // Not the drain plugin's 10 s force-close: the answered connection closed with its answer.
    expect(closedAfterMs).toBeLessThan(5000);
  });
});
