// npm run ingest [-- --force]: builds or refreshes the index in DATA_DIR from KNOWLEDGE_DIR and LAWS_DIR.
import { loadConfig } from '../config.js';
import { loadCore } from '../answer/index.js';
import { createLogger } from '../logger.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const started = performance.now();
  const { stats } = await loadCore(config, logger, { forceRebuild: process.argv.includes('--force') });
  process.stdout.write(
    `index ready in ${Math.round(performance.now() - started)} ms: ${stats.chunks} chunks, reports ${stats.reportYears.join(', ') || '—'}, ` +
      `${stats.regulations.length} regulations loaded, ${stats.catalogueOnly.length} catalogued without text (${config.dataDir})\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`ingest failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
