// npm run questions -- review [--law 行政处罚法] [--pending] | approve 文件:行号|--all-pending | reject 文件:行号
// Staff review of the linked questions a chat model wrote at ingest (knowledge/linked-questions/generated/).
import { loadConfig } from '../config.js';
import { runQuestionsCommand } from './questions-command.js';

try {
  const result = runQuestionsCommand(process.argv.slice(2), loadConfig().knowledgeDir);
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
} catch (err) {
  process.stderr.write(`questions failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
