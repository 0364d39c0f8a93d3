// npm start: configuration → app → listen. SIGTERM/SIGINT stop taking requests, finish those in flight, exit.
// First, before any other module is evaluated: the heap policy.
import './heap.js';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { createApp, type App } from './server/app.js';

function stopOnSignals(app: App): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, 'draining, then exiting');
    app.close().then(
      () => {
        app.logger.info('stopped cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        app.logger.error({ err: error }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const app = await createApp(config, { logger });
  stopOnSignals(app);
  app.server.listen(config.PORT, () => {
    logger.info({ port: app.server.address().port }, 'listening');
  });
}

main().catch((error: unknown) => {
  // Config and index problems carry messages that say what to do; print that, not a stack.
  process.stderr.write(`Could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
