import type { ImageRef, Score, ScoreCall, ScoreSource } from '../../src/datasources/score-source';

/**
 * Wraps a real ScoreSource and records every call that reaches it, so tests can count what
 * would be billed upstream. It scores nothing itself.
 */
export class CountingSource implements ScoreSource {
  readonly calls: ImageRef[] = [];

  constructor(private readonly inner: ScoreSource) {}

  get name(): string {
    return this.inner.name;
  }

  score(ref: ImageRef, call?: ScoreCall): Promise<Score> {
    this.calls.push(ref);
    return this.inner.score(ref, call);
  }

  /** Calls per sourceUri. */
  countBy(sourceUri: string): number {
    return this.calls.filter((call) => call.sourceUri === sourceUri).length;
  }

  checkReady(): Promise<void> {
    return this.inner.checkReady?.() ?? Promise.resolve();
  }

  close(): Promise<void> {
    return this.inner.close?.() ?? Promise.resolve();
  }
}
