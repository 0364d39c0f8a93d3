// Linked questions reach the passage they name — by law and article, or by report year and quote — and a bad
// line or a missing file is skipped and named, never fatal.
import fs from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { Chunk } from '../../src/domain.js';
import { loadKnowledge } from '../../src/knowledge/index.js';
import { lawKey, loadLinkedQuestions, resolveLinks, type LinkedQuestion } from '../../src/knowledge/linked-questions.js';
import { knowledgeDir, lawsDir, tempDir } from '../helpers/paths.js';

const article = (shortTitle: string, art: string, text: string, version?: string): Chunk => ({
  id: `reg-${shortTitle}-${version ?? ''}-${art}`,
  kind: 'regulation',
  title: shortTitle.startsWith('最高') ? shortTitle : `中华人民共和国${shortTitle}`,
  shortTitle,
  article: art,
  text,
  source: `${shortTitle}.md`,
  ...(version ? { version } : {}),
});
const report: Chunk = { id: 'report-2023-1-3-1', kind: 'report', title: '2023年度报告', year: 2023, text: '组织开展各类法治宣传活动 20 余场，发放资料。', source: 'r.txt' };
const chunks: Chunk[] = [
  article('民法典', '第十条', '民法典第十条'),
  article('最高人民法院关于适用《中华人民共和国民法典》有关担保制度的解释', '第十条', '解释第十条'),
  article('行政处罚法', '第六十七条', '旧版', '2017-09-01'),
  article('行政处罚法', '第六十七条', '新版', '2021-01-22'),
  report,
];
const line = (q: string, gold: LinkedQuestion['gold']): LinkedQuestion => ({ q, gold, origin: 'asked', file: 'f', line: 1 });

describe('resolveLinks', () => {
  it.each([
    ['a short title matches exactly, never an interpretation that contains it', [{ law: '民法典', article: '第十条' }], [0]],
    ['an interpretation is found by the name people write, without 《》 and 中华人民共和国', [{ law: '最高人民法院关于适用民法典有关担保制度的解释', article: '第十条' }], [1]],
    ['of two versions of a law, the newest', [{ law: '中华人民共和国行政处罚法', article: '第六十七条' }], [3]],
    ['a report passage by a quote, whitespace ignored', [{ report: 2023, quote: '法治宣传活动20余场' }], [4]],
    ['an article that is not loaded resolves to nothing', [{ law: '劳动合同法', article: '第四十七条' }], []],
  ])('%s', (_name, gold, expected) => {
    const res = resolveLinks([line('问题', gold as LinkedQuestion['gold'])], chunks);
    expect([...res.byChunk.keys()].sort()).toEqual(expected);
    expect(res.unresolved.length).toBe(expected.length ? 0 : 1);
  });

  it('normalises law names as files write them', () => {
    expect(lawKey('《中华人民共和国 民法典》')).toBe('民法典');
  });
});

describe('loadLinkedQuestions', () => {
  it('reads written and asked files, skips bad lines with file and line, and names an unreadable extra file', () => {
    const dir = tempDir('qd-linked-');
    fs.mkdirSync(path.join(dir, 'linked-questions', 'written'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'linked-questions', 'written', '消防法.jsonl'), '{"q":"楼道能堆东西吗","gold":[{"law":"消防法","article":"第二十八条"}]}\nnot json\n{"q":"","gold":[]}\n');
    fs.writeFileSync(path.join(dir, 'linked-questions', 'staff.jsonl'), '{"q":"罚款去哪交","gold":[{"law":"行政处罚法","article":"第六十七条"}],"by":"abc","at":"2026-12-01T00:00:00Z"}\n');
    const load = loadLinkedQuestions(dir, path.join(dir, 'missing.jsonl'));
    expect(load.questions.map((q) => [q.q, q.origin])).toEqual([
      ['罚款去哪交', 'asked'],
      ['楼道能堆东西吗', 'written'],
    ]);
    expect(load.invalid.map((i) => [i.file, i.line])).toEqual([
      ['linked-questions/written/消防法.jsonl', 2],
      ['linked-questions/written/消防法.jsonl', 3],
    ]);
    expect(load.unreadable.map((u) => path.basename(u.file))).toEqual(['missing.jsonl']);
    expect(load.files).toHaveLength(2);
  });

  it('counts questions a model wrote under generated/ as written, not as what people asked', () => {
    const dir = tempDir('qd-linked-');
    fs.mkdirSync(path.join(dir, 'linked-questions', 'generated'), { recursive: true });
    const line = '{"q":"晚上工地太吵找谁","gold":[{"law":"示例办法","article":"第三条"}],"source":"generated","hash":"ab","model":"openai/m","at":"2026-01-01T00:00:00Z","review":"pending"}\n';
    fs.writeFileSync(path.join(dir, 'linked-questions', 'generated', '示例办法.jsonl'), line);
    fs.writeFileSync(path.join(dir, 'linked-questions', 'generated.jsonl'), line);
    const load = loadLinkedQuestions(dir);
    expect(load.questions.map((q) => [q.file, q.origin]).sort()).toEqual([
      ['linked-questions/generated.jsonl', 'asked'],
      ['linked-questions/generated/示例办法.jsonl', 'written'],
    ]);
  });

  it('attaches the project’s linked questions to the loaded passages and fingerprints them for the manifest', async () => {
    const logger = pino({ level: 'silent' });
    const kb = await loadKnowledge({ knowledgeDir, lawsDir }, logger);
    expect(kb.linked.unresolved).toBe(0);
    expect(kb.linked.resolved).toBeGreaterThan(2000);
    const art = kb.chunks.find((c) => c.shortTitle === '行政处罚法' && c.article === '第六十七条');
    expect(art?.questions?.length).toBeGreaterThan(0);
    expect(art?.asked).toBeUndefined();
    expect(kb.sources.filter((s) => s.root === 'linked').length).toBeGreaterThan(10);
  });
});
