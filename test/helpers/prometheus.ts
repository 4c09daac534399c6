/** The value of one sample line of a Prometheus text exposition, e.g. `name{label="x"}`. */
export function sample(text: string, line: string): number | undefined {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

/** The gateway's `/metrics` text, read from beside its `/graphql` URL. */
export async function metricsText(graphqlUrl: string): Promise<string> {
  return (await fetch(graphqlUrl.replace('/graphql', '/metrics'))).text();
}

/** Reads one counter or gauge line now and again later: `delta()` is the change between. */
export async function counterFrom(graphqlUrl: string, line: string): Promise<{ delta(): Promise<number> }> {
  const before = sample(await metricsText(graphqlUrl), line) ?? 0;
  return { delta: async () => (sample(await metricsText(graphqlUrl), line) ?? 0) - before };
}
