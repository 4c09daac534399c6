import type { Logger } from 'pino';
import type { GatewayConfig } from '../config';
import { ImmScoreSource } from './imm/imm.datasource';
import { LocalScoreSource } from './local/local.datasource';
import type { ScoreSource } from './score-source';

/** The ScoreSource that `SCORE_BACKEND` names. */
export function createScoreSource(config: GatewayConfig, logger: Logger): ScoreSource {
  switch (config.scoreBackend) {
    case 'local':
      logger.info(
        { ossRoot: config.local.ossRoot, projects: config.local.projects },
        'scoring with the embedded local backend',
      );
      return new LocalScoreSource(config.local);
    case 'imm': {
      const { credentialConfig, ...imm } = config.imm;
      // Never log the CredentialConfig: it names roles and buckets of the caller's account.
      logger.info({ ...imm, credentialConfig: credentialConfig ? '(set)' : undefined }, 'scoring with IMM');
      return new ImmScoreSource({ ...config.imm, logger });
    }
  }
}
