import path from 'node:path';

/** The parts of a V8 `.cpuprofile` (Profiler.stop) that a summary needs. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
}

/** One line of a summary: a function or a package, and its self time. */
export interface SelfTime {
  name: string;
  selfMs: number;
  /** Of the profile's busy time (idle excluded). */
  share: number;
}

/** Where a script is: `pkg/file.js` inside node_modules, `dist/...` for our own code. */
function shortLocation(url: string): string {
  const file = url.replace(/^file:\/\//, '');
  const inModules = file.lastIndexOf('/node_modules/');
  if (inModules >= 0) return file.slice(inModules + '/node_modules/'.length);
  const inDist = file.indexOf(`${path.sep}dist${path.sep}`);
  return inDist >= 0 ? file.slice(inDist + 1) : file;
}

/** The package a script belongs to: an npm package, `node:` internals, or the gateway's own code. */
function packageOf(url: string): string {
  if (url === '') return '(V8: GC, program, natives)';
  if (url.startsWith('node:')) return 'node: internals';
  const location = shortLocation(url);
  if (location.startsWith('dist/')) return 'gateway (dist/src, dist/bench)';
  const [first = '', second = ''] = location.split('/');
  return first.startsWith('@') ? `${first}/${second}` : first;
}

/**
 * Self time per function (name, script, line) and per package, highest first, from the
 * sampled profile: each sample is charged the time until the next one.
 */
export function summariseProfile(profile: CpuProfile, top: number): { busyMs: number; functions: SelfTime[]; packages: SelfTime[] } {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, index) => {
    const node = byNode.get(id);
    const micros = profile.timeDeltas[index + 1] ?? 0;
    if (!node || node.callFrame.functionName === '(idle)') return;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? ` ${shortLocation(url)}:${lineNumber + 1}` : '';
    const name = `${functionName || '(anonymous)'}${where}`;
    functions.set(name, (functions.get(name) ?? 0) + micros);
    const pkg = packageOf(url);
    packages.set(pkg, (packages.get(pkg) ?? 0) + micros);
    busy += micros;
  });
  const ranked = (totals: Map<string, number>) =>
    [...totals]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => ({ name, selfMs: micros / 1000, share: busy > 0 ? micros / busy : 0 }));
  return { busyMs: busy / 1000, functions: ranked(functions), packages: ranked(packages) };
}
