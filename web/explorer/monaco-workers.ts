/** The worker bundles' file names, set by scripts/build-explorer.ts (esbuild `define`). */
declare const EXPLORER_WORKERS: { editor: string; json: string; graphql: string };

interface MonacoEnvironment {
  getWorker(workerId: string, label: string): Worker;
}

/**
 * Tells Monaco where its workers are: bundles built next to this one and served from the same
 * folder, instead of the esm.sh URLs of GraphiQL's CDN setup (`graphiql/setup-workers/esm.sh`).
 */
export function installMonacoWorkers(): void {
  const environment: MonacoEnvironment = {
    getWorker(_workerId, label) {
      const file = label === 'json' ? EXPLORER_WORKERS.json : label === 'graphql' ? EXPLORER_WORKERS.graphql : EXPLORER_WORKERS.editor;
      return new Worker(new URL(file, import.meta.url), { name: label });
    },
  };
  (globalThis as { MonacoEnvironment?: MonacoEnvironment }).MonacoEnvironment = environment;
}
