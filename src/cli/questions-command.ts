// Staff review of the linked questions a model wrote at ingest, without its process: lists them by passage,
// approves them or removes them. questions.ts wires it to argv and the config; tests call it directly.
// Pending questions are already searched; a removed one leaves the index at its next build (the files are part
// of the manifest), and its passage stays in the ledger, so it is not written again.
import { lawKey } from '../knowledge/linked-questions.js';
import {
  approveGenerated,
  GeneratedRefError,
  parseLineRef,
  readGenerated,
  rejectGenerated,
  type GeneratedEntry,
} from '../knowledge/generated-questions.js';

export const USAGE = [
  '用法: npm run questions -- <命令> [选项]',
  '  review  [--law 行政处罚法 | --report 2023] [--pending]   按条文/报告段落列出模型生成的问题及审核状态',
  '  approve 文件:行号 …  |  --all-pending [--law …]          标记为已通过（review: "approved"）',
  '  reject  文件:行号 …                                     删除这条问题（该段落不会再次生成）',
  '文件:行号 即 review 列出的位置，例如 行政处罚法.jsonl:3。',
].join('\n');

export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

interface Filter {
  law?: string;
  report?: number;
  pending: boolean;
}

const fail = (stderr: string, exitCode = 1): CommandResult => ({ stdout: '', stderr: `${stderr}\n`, exitCode });

function passageLabel(e: GeneratedEntry): string {
  return e.data.gold
    .map((g) => ('law' in g ? `${lawKey(g.law)} ${g.article}` : `${g.report}年度报告 ${e.data.note ? `${e.data.note} ` : ''}「${g.quote}」`))
    .join('；');
}

function matches(e: GeneratedEntry, f: Filter): boolean {
  if (f.pending && e.data.review !== 'pending') return false;
  if (f.law !== undefined && !e.data.gold.some((g) => 'law' in g && lawKey(g.law) === lawKey(f.law!))) return false;
  if (f.report !== undefined && !e.data.gold.some((g) => 'report' in g && g.report === f.report)) return false;
  return true;
}

function review(entries: GeneratedEntry[], f: Filter): CommandResult {
  const shown = entries.filter((e) => matches(e, f));
  if (shown.length === 0) return { stdout: '没有符合条件的生成问题。\n', stderr: '', exitCode: 0 };
  const groups = new Map<string, GeneratedEntry[]>();
  for (const e of shown) {
    const label = passageLabel(e);
    (groups.get(label) ?? groups.set(label, []).get(label)!).push(e);
  }
  const width = Math.max(...shown.map((e) => `${e.file}:${e.line}`.length));
  const lines: string[] = [];
  for (const [label, group] of groups) {
    lines.push(label);
    for (const e of group) lines.push(`  ${`${e.file}:${e.line}`.padEnd(width)}  ${e.data.review.padEnd(8)}  ${e.data.q}`);
  }
  const pending = shown.filter((e) => e.data.review === 'pending').length;
  lines.push('', `共 ${shown.length} 条：待审 ${pending}，已通过 ${shown.length - pending}。`);
  return { stdout: `${lines.join('\n')}\n`, stderr: '', exitCode: 0 };
}

export function runQuestionsCommand(args: readonly string[], knowledgeDir: string): CommandResult {
  const [command, ...rest] = args;
  const refs: string[] = [];
  const filter: Filter = { pending: false };
  let allPending = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '--pending') filter.pending = true;
    else if (a === '--all-pending') allPending = true;
    else if (a === '--law' && rest[i + 1]) filter.law = rest[++i];
    else if (a === '--report' && /^\d{4}$/u.test(rest[i + 1] ?? '')) filter.report = Number(rest[++i]);
    else if (a.startsWith('--')) return fail(USAGE, 2);
    else refs.push(a);
  }
  const { entries, invalid } = readGenerated(knowledgeDir);
  const warnings = invalid.map((x) => `注意: ${x.file}:${x.line} 不是有效的生成问题（${x.reason}），已跳过\n`).join('');
  const withWarnings = (r: CommandResult): CommandResult => ({ ...r, stderr: warnings + r.stderr });
  try {
    switch (command) {
      case 'review':
        if (refs.length || allPending) return fail(USAGE, 2);
        return withWarnings(review(entries, filter));
      case 'approve': {
        if (allPending === (refs.length > 0) || filter.pending) return fail(USAGE, 2);
        const targets = allPending ? entries.filter((e) => matches(e, { ...filter, pending: true })) : refs.map(parseLineRef);
        const done = approveGenerated(knowledgeDir, targets);
        return withWarnings({ stdout: `已通过 ${done.length} 条。\n`, stderr: '', exitCode: 0 });
      }
      case 'reject': {
        if (allPending || refs.length === 0 || filter.pending || filter.law || filter.report) return fail(USAGE, 2);
        const done = rejectGenerated(knowledgeDir, refs.map(parseLineRef));
        const list = done.map((e) => `  ${e.file}:${e.line}  ${e.data.q}`).join('\n');
        return withWarnings({ stdout: `已删除 ${done.length} 条（下次建立索引时生效；这些段落不会再次生成）：\n${list}\n`, stderr: '', exitCode: 0 });
      }
      default:
        return fail(USAGE, 2);
    }
  } catch (err) {
    if (err instanceof GeneratedRefError) return fail(err.message);
    throw err;
  }
}
