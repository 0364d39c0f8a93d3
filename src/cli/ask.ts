// npm run ask -- "问题" | --json "问题" | --jsonl (questions on stdin, one Answer per line on stdout).
import readline from 'node:readline';
import { loadConfig } from '../config.js';
import { createAnswerService } from '../answer/index.js';
import { createLogger } from '../logger.js';
import { renderAnswerText } from './render-text.js';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const jsonl = args.includes('--jsonl');
  const question = args.filter((a) => !a.startsWith('--')).join(' ');
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  if (!jsonl && !question) {
    process.stderr.write('用法: npm run ask -- "问题"  |  npm run ask -- --json "问题"  |  npm run ask -- --jsonl < questions.txt\n');
    process.exitCode = 2;
    return;
  }
  const service = await createAnswerService(config, logger);
  if (jsonl) {
    const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const line of rl) {
      if (!line.trim()) continue;
      let q = line;
      if (line.trimStart().startsWith('{')) {
        try {
          const obj = JSON.parse(line) as { q?: unknown };
          q = typeof obj.q === 'string' ? obj.q : '';
        } catch {
          logger.warn({ line: line.slice(0, 80) }, 'a line looked like JSON but did not parse: asked as plain text');
        }
      }
      process.stdout.write(JSON.stringify(await service.answer(q)) + '\n');
    }
    return;
  }
  const answer = await service.answer(question);
  process.stdout.write(json ? JSON.stringify(answer) + '\n' : renderAnswerText(answer) + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`ask failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
