import type { Logger } from 'pino';
import type { GatewayConfig } from '../config';
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
    case 'imm':
      throw new Error('SCORE_BACKEND=imm is not implemented yet');
  }
}
