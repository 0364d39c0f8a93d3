// npm run report -- figures 2023 [--csv] | measures 2023 [--section …] | plans 2023 | sections 2023
// Reads the reports from KNOWLEDGE_DIR with the report parser directly: no index needed.
import { loadConfig } from '../config.js';
import { loadReports } from '../knowledge/report/index.js';
import { runReportCommand } from './report-command.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const { reports, skipped } = await loadReports(config.knowledgeDir);
  for (const s of skipped) process.stderr.write(`跳过无法读取的文件 ${s.file}: ${s.reason}\n`);
  const result = runReportCommand(process.argv.slice(2), reports);
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
}

main().catch((err: unknown) => {
  process.stderr.write(`report failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
