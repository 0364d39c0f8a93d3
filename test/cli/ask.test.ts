// The CLI as scripts use it: `npm run ask -- --json` prints one Answer and nothing else on stdout;
// `--jsonl` answers stdin line by line, in order, loading the index once.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/domain.js';
import { knowledgeDir, lawsDir, repoRoot, tempDir } from '../helpers/paths.js';

const dataDir = tempDir('qd-cli-');
const env = { ...process.env, KNOWLEDGE_DIR: knowledgeDir, LAWS_DIR: lawsDir, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
const ask = (args: string[], input?: string) =>
  execFileSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli/ask.ts'), ...args], { env, cwd: repoRoot, input, encoding: 'utf8', timeout: 60_000 });

function expectAnswerShape(a: Answer) {
  expect(typeof a.answered).toBe('boolean');
  expect(typeof a.answer).toBe('string');
  expect(Array.isArray(a.citations)).toBe(true);
  expect(Array.isArray(a.suggestions)).toBe(true);
  expect(a.citations.length).toBeLessThanOrEqual(5);
  for (const c of a.citations) {
    expect(['report', 'regulation', 'faq']).toContain(c.kind);
    expect(typeof c.id).toBe('string');
    expect(typeof c.text).toBe('string');
    expect(typeof c.score).toBe('number');
    if (c.kind === 'regulation') expect(c.article).toMatch(/^第.+条/);
    if (c.kind === 'report') expect(c.year).toBe(2023);
  }
  // Every [n] points at a citation.
  for (const m of a.answer.matchAll(/\[(\d+)\]/g)) expect(Number(m[1])).toBeLessThanOrEqual(a.citations.length);
}

describe('npm run ask', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli/ingest.ts')], { env, cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
  });

  it('--json prints exactly one Answer object', () => {
    const out = ask(['--json', '冬季安全生产专项治理排查的隐患整改了吗？']);
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const a = JSON.parse(lines[0]!) as Answer;
    expectAnswerShape(a);
    expect(a.answered).toBe(true);
    expect(a.answer.replace(/\s/g, '')).toContain('568条');
    expect(a.citations[0]?.section).toContain('一、（七）');
  });

  it('--jsonl answers each line in order, plain or {"q": …}', () => {
    const out = ask(['--jsonl'], ['法律援助要不要花钱？', JSON.stringify({ q: '今晚有什么好看的电影？' }), '', '同一个违法行为能罚两次款吗'].join('\n'));
    const answers = out.trim().split('\n').map((l) => JSON.parse(l) as Answer);
    expect(answers).toHaveLength(3);
    answers.forEach(expectAnswerShape);
    expect(answers[0]!.citations[0]?.title).toContain('法律援助法');
    expect(answers[1]!.answered).toBe(false);
    expect(answers[1]!.answer).toMatch(/1234[58]/);
    expect(answers[2]!.citations.some((c) => c.article === '第二十九条')).toBe(true);
  });

  it('prints text with numbered sources by default', () => {
    const out = ask(['找人民调解要交钱吗']);
    expect(out).toMatch(/\[1\]/);
    expect(out).toContain('来源：');
    expect(out).toContain('人民调解法');
  });
});
