/** What an injected fault does to one call. */
export type Fault =
  /** Answer `Throttling.User` 400, as IMM does past the project's QPS. */
  | { kind: 'throttle' }
  /** Answer an IMM server error. @default status 500 */
  | { kind: 'server-error'; status?: number }
  /** Wait `ms` before answering normally (stacks with other latency and one other fault). */
  | { kind: 'latency'; ms: number }
  /** Never answer; the client's read timeout must end the call. */
  | { kind: 'hang' }
  /** Answer a non-JSON body, as a load balancer's error page would. @default status 502 */
  | { kind: 'malformed'; status?: number };

/**
 * When a fault applies. A rule matches a call by object key (`glob` or `regex`, both optional),
 * project, and then by `rate` (a seeded draw); `times` makes it apply to the first N matches only.
 */
export interface FaultRule {
  fault: Fault;
  /** Glob over the object key (`*` within a path segment, `**` across segments, `?` one char). */
  glob?: string;
  /** Regular expression over the object key; a string is compiled as is. */
  regex?: RegExp | string;
  /** Only calls for this project. */
  project?: string;
  /** Fraction of matching calls, drawn from the seeded PRNG. @default 1 */
  rate?: number;
  /** Apply to the first N matching calls, then never again. @default unlimited */
  times?: number;
}

/** The fault plan of one call: total extra latency, then at most one terminal fault. */
export interface FaultDecision {
  latencyMs: number;
  terminal?: Exclude<Fault, { kind: 'latency' }>;
}

interface CompiledRule {
  rule: FaultRule;
  pattern?: RegExp;
  remaining: number;
}

/**
 * Decides which faults apply to each call. Deterministic for a given seed and call order, so a
 * flaky-looking scenario replays exactly.
 */
export class FaultInjector {
  private rules: CompiledRule[] = [];
  private random: () => number;

  /** @param seed PRNG seed for `rate` rules. @default 1 */
  constructor(rules: readonly FaultRule[] = [], seed = 1) {
    this.random = mulberry32(seed);
    for (const rule of rules) this.add(rule);
  }

  /** Adds a rule; rules are checked in the order added. Throws on an invalid rule. */
  add(rule: FaultRule): void {
    validateRule(rule);
    const pattern =
      rule.regex !== undefined
        ? new RegExp(rule.regex)
        : rule.glob !== undefined
          ? globToRegExp(rule.glob)
          : undefined;
    this.rules.push({ rule, pattern, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  /** Removes every rule and reseeds the PRNG. */
  reset(seed = 1): void {
    this.rules = [];
    this.random = mulberry32(seed);
  }

  /** Rules as given, for the admin API. */
  list(): FaultRule[] {
    return this.rules.map((compiled) => compiled.rule);
  }

  /** The faults for one call; consumes `times` and PRNG draws of the rules that match. */
  decide(project: string, objectKey: string): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0 };
    for (const compiled of this.rules) {
      const { rule, pattern } = compiled;
      if (compiled.remaining <= 0) continue;
      if (rule.project !== undefined && rule.project !== project) continue;
      if (pattern && !pattern.test(objectKey)) continue;
      if (rule.rate !== undefined && this.random() >= rule.rate) continue;
      if (rule.fault.kind !== 'latency' && decision.terminal) continue;
      compiled.remaining -= 1;
      if (rule.fault.kind === 'latency') decision.latencyMs += rule.fault.ms;
      else decision.terminal = rule.fault;
    }
    return decision;
  }
}

function validateRule(rule: FaultRule): void {
  const { fault } = rule;
  if (rule.rate !== undefined && !(rule.rate >= 0 && rule.rate <= 1)) {
    throw new TypeError(`fault rate must be in [0, 1]: ${rule.rate}`);
  }
  if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times >= 0)) {
    throw new TypeError(`fault times must be a non-negative integer: ${rule.times}`);
  }
  if (fault.kind === 'latency' && !(Number.isFinite(fault.ms) && fault.ms >= 0)) {
    throw new TypeError(`latency ms must be a non-negative number: ${fault.ms}`);
  }
  const kinds = ['throttle', 'server-error', 'latency', 'hang', 'malformed'];
  if (!kinds.includes(fault.kind)) throw new TypeError(`unknown fault kind: ${String(fault.kind)}`);
}

/** Compiles an object-key glob: `**` any characters, `*` any but `/`, `?` one character. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i += 1) {
    const c = glob[i] ?? '';
    if (c === '*' && glob[i + 1] === '*') {
      source += '.*';
      i += 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** A small seeded PRNG (mulberry32): uniform in [0, 1), the same sequence for the same seed. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
