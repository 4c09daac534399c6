import Credential, { Config as CredentialConfig } from '@alicloud/credentials';
import type { Logger } from 'pino';
import { loadConfig } from '../../src/config';
import { createScoreSource } from '../../src/datasources/create-source';
import { ImmScoreSource } from '../../src/datasources/imm/imm.datasource';
import type { ImmScoreSourceOptions } from '../../src/datasources/imm/imm.options';
import type { Emulator, EmulatorOptions } from '../../src/emulator/emulator';
import { createEmulator } from '../../src/emulator/emulator';
import type { AccessKey } from '../../src/emulator/signature';
import type { RunningGateway } from './gateway';
import { silentLogger, startGateway } from './gateway';

/** The AccessKey pair the test emulator accepts; fake, but shaped like a real one. */
export const TEST_KEY: AccessKey = {
  accessKeyId: 'LTAI5tTestGatewayKey01',
  accessKeySecret: 'TestSecret-9f8e7d6c5b4a39281706',
};

/** An STS pair: the emulator requires the token with it. */
export const TEST_STS_KEY: Required<AccessKey> = {
  accessKeyId: 'STS.NTestGatewayKey02',
  accessKeySecret: 'StsSecret-0a1b2c3d4e5f60718293',
  securityToken: 'CAIS-TestSecurityToken-4d5e6f708192a3b4c5d6e7f8',
};

/** An emulator on 127.0.0.1 with the test keys and the `demo` project. */
export async function startEmulator(options: Partial<EmulatorOptions> & { ossRoot: string }): Promise<Emulator> {
  const emulator = createEmulator({
    accessKeys: [TEST_KEY, TEST_STS_KEY],
    projects: ['demo'],
    ...options,
  });
  await emulator.listen(0, '127.0.0.1');
  return emulator;
}

/** An explicit credential of `@alicloud/credentials` (AccessKey or STS), as the default chain would build. */
export function credentialOf(key: AccessKey): Credential {
  return new Credential(
    new CredentialConfig(
      key.securityToken
        ? { type: 'sts', ...key }
        : { type: 'access_key', accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret },
    ),
  );
}

/**
 * Environment of a gateway on the imm backend pointed at `emulator`, with fast retries. The
 * timeouts leave room for the emulator's real scoring on a busy CI machine; a test about
 * timeouts sets its own short ones.
 */
export function immEnv(emulator: Emulator, env: Record<string, string> = {}): Record<string, string> {
  return {
    SCORE_BACKEND: 'imm',
    AUTH_MODE: 'none',
    IMM_ENDPOINT: emulator.endpoint,
    IMM_PROTOCOL: 'http',
    IMM_TIMEOUT_MS: '3000',
    IMM_DEADLINE_MS: '8000',
    IMM_MAX_ATTEMPTS: '3',
    IMM_RETRY_BASE_MS: '10',
    IMM_RETRY_MAX_MS: '50',
    IMM_QPS: '1000',
    IMM_BREAKER_THRESHOLD: '1000',
    ...env,
  };
}

/**
 * Puts TEST_KEY where @alicloud/credentials' default chain looks first (the environment), as an
 * operator would; only this jest worker sees it.
 */
export function useTestCredentials(): void {
  process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = TEST_KEY.accessKeyId;
  process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = TEST_KEY.accessKeySecret;
}

/**
 * A real gateway with SCORE_BACKEND=imm against `emulator`, its source built the production way
 * (`createScoreSource`, credentials from the default chain: the env variables set here, which
 * only this jest worker sees). `sourceOptions` builds the ImmScoreSource directly instead.
 */
export async function startImmGateway(
  emulator: Emulator,
  env: Record<string, string> = {},
  options: { logger?: Logger; sourceOptions?: Partial<ImmScoreSourceOptions> } = {},
): Promise<RunningGateway> {
  useTestCredentials();
  const fullEnv = immEnv(emulator, env);
  const logger = options.logger ?? silentLogger;
  const config = loadConfig({ PORT: '0', ...fullEnv });
  const source = options.sourceOptions
    ? new ImmScoreSource({
        ...config.imm,
        logger,
        ...options.sourceOptions,
      })
    : createScoreSource(config, logger);
  return startGateway(fullEnv, { source, logger });
}
