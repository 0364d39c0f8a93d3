// A picked passage becomes a line target the index resolves back to that passage: an article by law and number,
// a report passage by a quote that occurs once in its report.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Chunk, Report } from '../../../src/domain.js';
import { loadKnowledge, type KnowledgeBase } from '../../../src/knowledge/index.js';
import { resolveLinks } from '../../../src/knowledge/linked-questions.js';
import { silentLogger } from '../../../src/logger.js';
import { distinctiveQuote, linkTargetFor, targetLabel } from '../../../src/server/console/link-target.js';
import { knowledgeDir, lawsDir } from '../../helpers/paths.js';

let kb: KnowledgeBase;

beforeAll(async () => {
  kb = await loadKnowledge({ knowledgeDir, lawsDir }, silentLogger);
});

const resolvesTo = (chunk: Chunk) => {
  const target = linkTargetFor(chunk, kb.reports);
  expect(target).toBeDefined();
  const res = resolveLinks([{ q: '问题', gold: [target!], origin: 'asked', file: 'staff.jsonl', line: 1 }], kb.chunks);
  return [...res.byChunk.keys()].map((i) => kb.chunks[i]!.id);
};

describe('linkTargetFor', () => {
  it('names an article by its law and number', () => {
    const chunk = kb.chunks.find((c) => c.shortTitle === '行政处罚法' && c.article === '第三十六条')!;
    expect(linkTargetFor(chunk, kb.reports)).toEqual({ law: '行政处罚法', article: '第三十六条' });
    expect(resolvesTo(chunk)).toContain(chunk.id);
  });

  it('names every report passage by a verbatim quote of 8–60 characters that leads back to that passage alone', () => {
    const reportChunks = kb.chunks.filter((c) => c.kind === 'report');
    expect(reportChunks.length).toBeGreaterThan(20);
    for (const chunk of reportChunks) {
      const target = linkTargetFor(chunk, kb.reports);
      expect(target && 'quote' in target, chunk.id).toBe(true);
      const quote = (target as { quote: string }).quote;
      expect(chunk.text.includes(quote), chunk.id).toBe(true);
      expect(quote.replace(/\s+/g, '').length).toBeGreaterThanOrEqual(8);
      expect(quote.length).toBeLessThanOrEqual(60);
      expect(resolvesTo(chunk), chunk.id).toEqual([chunk.id]);
    }
  });

  it('falls back to a window when every sentence repeats elsewhere in the report', () => {
    const report = { sections: [{ heading: 'h', paragraphs: ['开展普法宣传。开展普法宣传。组织学法活动共八次并形成长效机制。'] }] } as unknown as Report;
    expect(distinctiveQuote('开展普法宣传。', report)).toBeUndefined();
    expect(distinctiveQuote('组织学法活动共八次并形成长效机制。', report)).toBe('组织学法活动共八次并形成长效机制');
  });

  it('labels targets as staff read them', () => {
    expect(targetLabel({ law: '行政处罚法', article: '第三十六条' })).toBe('行政处罚法 第三十六条');
    expect(targetLabel({ report: 2023, quote: '累计组织学习' })).toBe('2023年报告「累计组织学习」');
  });
});
