import type { Logger } from 'pino';
import type { RedisConnection } from '../redis/redis-connection';
import type { ImmObserver } from './imm/imm.observer';
import { ImmScoreSource } from './imm/imm.datasource';
import { sharedRateGate } from './imm/rate-gate/shared-rate-gate';
import type { ImmScoreSourceOptions } from './imm/imm.options';
import type { LocalScoreSourceOptions } from './local/local.datasource';
import { LocalScoreSource } from './local/local.datasource';
import type { ScoreSource } from './score-source';

/** Which score backend answers (`SCORE_BACKEND`). */
export type ScoreBackendName = 'local' | 'imm';

/** The part of the configuration the backend is built from (`GatewayConfig` has it). */
export interface ScoreBackendSettings {
  scoreBackend: ScoreBackendName;
  local: LocalScoreSourceOptions;
  imm: ImmScoreSourceOptions & { qps: number; deadlineMs: number };
}

/** What the backend is wired to besides the configuration; every part is optional. */
export interface ScoreSourceWiring {
  /** The imm backend's attempt, retry and circuit hooks (the gateway's metrics). */
  immObserver?: ImmObserver;
  /** With `REDIS_URL`: the imm backend paces each project through Redis, shared by replicas. */
  redis?: RedisConnection;
}

/** The ScoreSource that `SCORE_BACKEND` names. */
export function createScoreSource(
  config: ScoreBackendSettings,
  logger: Logger,
  wiring: ScoreSourceWiring = {},
): ScoreSource {
  switch (config.scoreBackend) {
    case 'local':
      logger.info(
        { ossRoot: config.local.ossRoot, projects: config.local.projects, scorerThreads: config.local.scorerThreads },
        'scoring with the embedded local backend',
      );
      return new LocalScoreSource(config.local);
    case 'imm': {
      const { credentialConfig, ...imm } = config.imm;
      // Never log the CredentialConfig: it names roles and buckets of the caller's account.
      logger.info(
        { ...imm, credentialConfig: credentialConfig ? '(set)' : undefined, sharedPace: Boolean(wiring.redis) },
        'scoring with IMM',
      );
      const immLogger = logger.child({ component: 'imm' });
      return new ImmScoreSource({
        ...config.imm,
        logger: immLogger,
        observer: wiring.immObserver,
        rateGate: wiring.redis && sharedRateGate({ redis: wiring.redis, imm: config.imm, logger: immLogger }),
      });
    }
  }
}
