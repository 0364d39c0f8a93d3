// npm run report:feedback [-- --limit N] [-- --json]: the most frequent unanswered questions and the 👎
// answers, so staff know what to add to knowledge/ or which answers to check.
import fs from 'node:fs';
import { loadConfig } from '../config.js';
import { createFeedbackStore, type FrequentQuestion, type RatedAnswer } from '../store/feedbackStore.js';
import { feedbackDatabasePath, openDatabase } from '../store/sqlite.js';

interface Options {
  limit: number;
  json: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { limit: 20, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') options.json = true;
    else if (arg === '--limit') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n <= 0) throw new Error('--limit needs a positive whole number');
      options.limit = n;
    } else throw new Error(`unknown option ${arg} (use --limit N, --json)`);
  }
  return options;
}

const oneLine = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
};

function formatReport(counts: { unanswered: number; up: number; down: number }, unanswered: FrequentQuestion[], downvoted: RatedAnswer[]): string {
  const lines = [`反馈统计：未能回答 ${counts.unanswered} 次，👍 ${counts.up}，👎 ${counts.down}`, '', '最常见的未能回答的问题：'];
  if (unanswered.length === 0) lines.push('  （暂无）');
  unanswered.forEach((q, i) => lines.push(`  ${i + 1}. ${oneLine(q.question, 80)}  ×${q.count}（最近 ${q.lastAt.slice(0, 10)}）`));
  lines.push('', '被点 👎 的回答：');
  if (downvoted.length === 0) lines.push('  （暂无）');
  downvoted.forEach((a, i) => {
    lines.push(`  ${i + 1}. 问：${a.question ? oneLine(a.question, 80) : '（对话记录已过期）'}  👎×${a.downVotes}（${a.lastAt.slice(0, 10)}）`);
    if (a.answerText) lines.push(`     答：${a.answered === false ? '[未作答] ' : ''}${oneLine(a.answerText, 120)}`);
    lines.push(`     answerId ${a.answerId}`);
  });
  return lines.join('\n');
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  const config = loadConfig();
  const file = feedbackDatabasePath(config.dataDir);
  if (!fs.existsSync(file)) {
    process.stdout.write(options.json ? '{"counts":{"unanswered":0,"up":0,"down":0},"unanswered":[],"downvoted":[]}\n' : `还没有反馈记录（${file} 不存在；服务运行后才会生成）。\n`);
    return;
  }
  const store = createFeedbackStore(openDatabase(file));
  try {
    const counts = store.counts();
    const unanswered = store.frequentUnanswered(options.limit);
    const downvoted = store.downvotedAnswers(options.limit);
    process.stdout.write(options.json ? `${JSON.stringify({ counts, unanswered, downvoted }, null, 2)}\n` : `${formatReport(counts, unanswered, downvoted)}\n`);
  } finally {
    store.close();
  }
}

try {
  main();
} catch (error) {
  process.stderr.write(`report:feedback: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
