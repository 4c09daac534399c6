import { Semaphore } from '../../src/util/semaphore';

/** Starts `count` tasks of `key` that each wait for `gate`, recording their start order. */
function queue(slots: Semaphore, started: string[], key: string | undefined, count: number, gate: Promise<void>) {
  return Array.from({ length: count }, (_, i) =>
    slots.run(async () => {
      started.push(`${key ?? '-'}${i}`);
      await gate;
    }, key),
  );
}

describe('Semaphore', () => {
  it('serves waiting keys in turn, each key in its own order', async () => {
    const slots = new Semaphore(1);
    const started: string[] = [];
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));

    const tasks = [
      ...queue(slots, started, 'a', 4, gate),
      ...queue(slots, started, 'b', 1, gate),
      ...queue(slots, started, undefined, 2, gate),
      ...queue(slots, started, 'c', 2, gate),
    ];
    expect(slots.inFlight).toBe(1);
    expect(slots.queued).toBe(8);
    open();
    await Promise.all(tasks);

    expect(started).toEqual(['a0', 'a1', 'b0', '-0', 'c0', 'a2', '-1', 'c1', 'a3']);
    expect(slots.inFlight).toBe(0);
    expect(slots.queued).toBe(0);
  });

  it('never runs more than its limit at once, and frees a slot when a task fails', async () => {
    const slots = new Semaphore(3);
    let running = 0;
    let peak = 0;
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        slots.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 1));
          running -= 1;
          if (i % 3 === 0) throw new Error(`task ${i}`);
          return i;
        }, `k${i % 4}`),
      ),
    );

    expect(peak).toBe(3);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(7);
    expect(slots.inFlight).toBe(0);
  });

  it('refuses a limit that is not a positive integer, naming it', () => {
    expect(() => new Semaphore(0)).toThrow('Semaphore limit must be a positive integer: 0');
  });
});
