// npm run ingest [-- --force] [--no-generate]: builds or refreshes the index in DATA_DIR from KNOWLEDGE_DIR and
// LAWS_DIR; with a chat model configured, first writes linked questions for passages that have none.
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { generationLine, parseIngestArgs, runIngest } from './ingest-command.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const started = performance.now();
  const tty = process.stderr.isTTY;
  let lastShown = 0;
  const { stats, generation } = await runIngest(config, logger, parseIngestArgs(process.argv.slice(2)), (done, s) => {
    const line = `writing linked questions: ${done}/${s.passages} passages, ${s.questions} questions, ${s.failed + s.unusable} failed, ${s.skipped} skipped`;
    // One line rewritten in place on a terminal; in a log, a line every 5 % or so.
    if (tty) process.stderr.write(`\r${line}${done === s.passages ? '\n' : ''}`);
    else if (done === s.passages || done - lastShown >= Math.max(1, Math.round(s.passages / 20))) {
      lastShown = done;
      process.stderr.write(`${line}\n`);
    }
  });
  if (generation) process.stdout.write(generationLine(generation));
  process.stdout.write(
    `index ready in ${Math.round(performance.now() - started)} ms: ${stats.chunks} chunks, reports ${stats.reportYears.join(', ') || '—'}, ` +
      `${stats.regulations.length} regulations loaded, ${stats.catalogueOnly.length} catalogued without text (${config.dataDir})\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`ingest failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
