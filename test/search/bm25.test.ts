import { describe, expect, it } from 'vitest';
import { Bm25Index, queryWeights } from '../../src/search/bm25.js';
import { terms } from '../../src/search/tokenizer.js';
import { splitSentences, normalize } from '../../src/search/text.js';

describe('BM25 over Chinese terms', () => {
  const docs = ['行政机关实施行政处罚，应当告知当事人享有陈述、申辩的权利。', '生产经营单位必须为从业人员提供符合标准的劳动防护用品。', '任何单位、个人不得占用、堵塞、封闭疏散通道、安全出口、消防车通道。'];
  const index = new Bm25Index(docs.map((d) => terms(d)));

  it('ranks the passage that shares the rare words first', () => {
    expect(index.search(queryWeights(terms('楼道堵塞消防车通道')), 3)[0]?.doc).toBe(2);
    expect(index.search(queryWeights(terms('单位不给劳动防护用品')), 3)[0]?.doc).toBe(1);
  });

  it('honours a filter and gives absent terms the highest idf', () => {
    const hits = index.search(queryWeights(terms('通道')), 3, (d) => d !== 2);
    expect(hits.every((h) => h.doc !== 2)).toBe(true);
    expect(index.idf('护照')).toBeGreaterThan(index.idf('单位'));
  });
});

describe('text', () => {
  it('normalises full-width digits and strips zero-width characters', () => {
    expect(normalize('第７条\u200b')).toBe('第7条');
  });
  it('splits sentences at Chinese marks and keeps numbers whole', () => {
    expect(splitSentences('排查隐患 568 条。无赴京访；到南通上访 1 批 2 人次。')).toEqual(['排查隐患 568 条。', '无赴京访；', '到南通上访 1 批 2 人次。']);
  });
});
