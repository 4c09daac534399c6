import fs from 'node:fs';
import { z } from 'zod';
import type { GatewayConfig } from '../config';
import { ConfigError } from '../config';
import { ApiKeyRing } from './key-ring';
import type { ApiKeyEntry } from './key-ring';

const SHA256_HEX = /^[0-9a-f]{64}$/;
const PROJECT = /^(\*|[A-Za-z0-9_-]{1,128})$/;

const fileSchema = z.array(
  z.object({
    sha256: z.string().transform((value) => value.toLowerCase()).pipe(z.string().regex(SHA256_HEX)),
    projects: z.array(z.string().regex(PROJECT)).min(1),
  }),
);

/**
 * Parses `API_KEYS`: `;`-separated `<sha256 hex of a key>=<project>,<project>` (`*` = every
 * project). Only hashes are configured, so a leaked environment does not leak a usable key.
 * @throws ConfigError naming the entry (by position, never by value) that is malformed
 */
export function parseApiKeys(text: string): ApiKeyEntry[] {
  return text
    .split(';')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry, index) => {
      const [hash = '', projects = ''] = entry.split('=', 2);
      const sha256 = hash.trim().toLowerCase();
      const list = projects.split(',').map((project) => project.trim()).filter(Boolean);
      if (!SHA256_HEX.test(sha256) || list.length === 0 || !list.every((p) => PROJECT.test(p))) {
        throw new ConfigError(
          `API_KEYS entry ${index + 1} must be <64 hex chars of sha256>=<project>[,<project>...]`,
        );
      }
      return { sha256, projects: list };
    });
}

/** Reads `API_KEYS_FILE`: `[{"sha256": "...", "projects": ["..."]}]`. */
export function readApiKeysFile(file: string): ApiKeyEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`API_KEYS_FILE cannot be read as JSON: ${JSON.stringify(file)}`, { cause: error });
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(
      `API_KEYS_FILE must be [{"sha256": "<64 hex>", "projects": ["<project>" | "*"]}]: ${JSON.stringify(file)}`,
    );
  }
  return parsed.data;
}

/**
 * The key ring the configuration describes, or undefined when `AUTH_MODE=none`. With
 * `api-key` and no key configured it fails fast: a gateway that nobody can call is a mistake.
 */
export function loadApiKeyRing(auth: GatewayConfig['auth']): ApiKeyRing | undefined {
  if (auth.mode === 'none') return undefined;
  const entries = [
    ...(auth.apiKeys ? parseApiKeys(auth.apiKeys) : []),
    ...(auth.apiKeysFile ? readApiKeysFile(auth.apiKeysFile) : []),
  ];
  if (entries.length === 0) {
    throw new ConfigError(
      'AUTH_MODE is api-key (the default with SCORE_BACKEND=imm) but no key is configured: ' +
        'set API_KEYS or API_KEYS_FILE, or AUTH_MODE=none to serve without authentication',
    );
  }
  return new ApiKeyRing(entries);
}
