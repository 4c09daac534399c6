import { createHash, timingSafeEqual } from 'node:crypto';

/** One configured key: the sha256 of the key (hex) and the projects it may score. */
export interface ApiKeyEntry {
  sha256: string;
  /** Project names; `*` means every project. */
  projects: string[];
}

/** Who is calling: known after the bearer key matched an entry. */
export interface Principal {
  /** A short, non-secret id of the key (the first 12 hex chars of its hash), for logs and limits. */
  keyId: string;
  /**
   * The projects this key may score, as one canonical string (`*`, or the sorted names as JSON):
   * keys with the same scope see the same answers, so a cached response is shared by them and by
   * no one else.
   */
  projectScope: string;
  /** Whether this key may score images of `projectName`. */
  mayAccess(projectName: string): boolean;
}

/**
 * The configured API keys. A presented key is hashed and compared with every stored hash in
 * constant time (no early exit, no map lookup), so timing reveals neither which hash matched nor
 * how much of one did.
 */
export class ApiKeyRing {
  private readonly entries: Array<{ digest: Buffer; principal: Principal }>;

  constructor(entries: readonly ApiKeyEntry[]) {
    this.entries = entries.map((entry) => {
      const all = entry.projects.includes('*');
      const projects = new Set(entry.projects);
      return {
        digest: Buffer.from(entry.sha256, 'hex'),
        principal: {
          keyId: entry.sha256.slice(0, 12),
          projectScope: all ? '*' : JSON.stringify([...projects].sort()),
          mayAccess: (projectName: string) => all || projects.has(projectName),
        },
      };
    });
  }

  /** The principal of `key`, or undefined when no entry matches. */
  authenticate(key: string): Principal | undefined {
    const digest = createHash('sha256').update(key, 'utf8').digest();
    let found: Principal | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.digest, digest)) found ??= entry.principal;
    }
    return found;
  }
}

/** The key of an `Authorization: Bearer <key>` header, or undefined when there is none. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
