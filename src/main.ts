import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { createGateway } from './server';

/** Starts the gateway from the environment and stops it cleanly on SIGTERM or SIGINT. */
async function main(): Promise<void> {
  const logger = createLogger({ level: process.env.LOG_LEVEL });
  let config;
  let gateway;
  try {
    config = loadConfig(process.env);
    // createGateway checks configuration too: keys required but missing, a bad key file.
    gateway = await createGateway(config, { logger });
  } catch (error) {
    if (error instanceof ConfigError) {
      logger.fatal(error.message);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
  const address = await gateway.listen(config.port);
  // Listening by now, so address() is an AddressInfo (a string only for a pipe).
  const metricsAddress = gateway.metricsServer?.address() as AddressInfo | undefined;
  logger.info(
    { port: address.port, metricsPort: metricsAddress?.port ?? address.port, backend: config.scoreBackend },
    `image score gateway ready at http://localhost:${address.port}/graphql`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    gateway.close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  // The logger may not exist yet; this is the one place the process writes to stderr itself.
  process.stderr.write(`fatal: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
