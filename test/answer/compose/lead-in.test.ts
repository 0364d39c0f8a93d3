// Quotes that stand on their own: a quoted item of an article comes with the lead-in it completes.
// Over real articles of the loaded texts (LAWS_DIR in CI: ../shared/knowledge-sources/regulations).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeExtractive } from '../../../src/answer/compose.js';
import { leadInOf } from '../../../src/answer/compose/lead-in.js';
import { parseRegulation } from '../../../src/knowledge/regulation.js';
import { regulationChunks } from '../../../src/knowledge/regulation-chunks.js';
import { Bm25Index } from '../../../src/search/bm25.js';
import { compact, splitSentences } from '../../../src/search/text.js';
import { terms } from '../../../src/search/tokenizer.js';
import { lawsDir } from '../../helpers/paths.js';

function articleChunk(file: string, article: string) {
  const source = path.join(lawsDir, file);
  const reg = parseRegulation(fs.readFileSync(source, 'utf8'), file);
  const chunk = regulationChunks(reg).find((c) => c.article === article);
  if (!chunk) throw new Error(`${file} ${article} not found`);
  return chunk;
}

const CASES: Array<[file: string, article: string, question: string, item: string, leadIn: string]> = [
  ['消防法(2021-04-29).md', '第四十五条', '火灾现场可以划定警戒区、实行交通管制吗', '（三）划定警戒区，实行局部交通管制；', '火灾现场总指挥根据扑救火灾的需要，有权决定下列事项：'],
  ['突发事件应对法(2024-06-28).md', '第七十三条', '政府可以封锁危险场所、划定警戒区吗', '（二）迅速控制危险源', '应当采取下列一项或者多项应急处置措施：'],
  ['行政处罚法(2021-01-22).md', '第五十七条', '违法事实不能成立的还会处罚吗', '（三）违法事实不能成立的，不予行政处罚；', '分别作出如下决定：'],
  ['法律援助法(2021-08-20).md', '第三十一条', '请求支付劳动报酬能申请法律援助吗', '（五）请求确认劳动关系或者支付劳动报酬；', '可以向法律援助机构申请法律援助：'],
  ['信访工作条例(2022-02-25).md', '第十四条', '信访部门负责督促检查重要信访事项的处理吗', '（三）督促检查重要信访事项的处理和落实；', '履行下列职责：'],
];

describe('a quoted item brings the lead-in it completes', () => {
  it.each(CASES)('%s %s', (file, article, question, item, leadIn) => {
    const chunk = articleChunk(file, article);
    const sentences = splitSentences(chunk.text);
    const at = sentences.findIndex((s) => s.startsWith(item.slice(0, 8)));
    expect(at).toBeGreaterThan(0);
    const lead = leadInOf(sentences, at);
    expect(lead).toBeDefined();
    expect(sentences[lead!]).toContain(leadIn);

    const bm25 = new Bm25Index([terms(chunk.text)]);
    const { answer } = composeExtractive({ question, expansions: [], hits: [{ chunk, score: 1, bm25: 1, dense: 1 }], bm25, wantsFigure: false, disclaimer: '（免责声明）' });
    const text = compact(answer.answer);
    expect(text).toContain(compact(item).slice(0, 8));
    // The lead-in comes before the item, with "……" for the items skipped in between.
    expect(text.indexOf(compact(leadIn))).toBeGreaterThanOrEqual(0);
    expect(text.indexOf(compact(leadIn))).toBeLessThan(text.indexOf(compact(item).slice(0, 8)));
    const gap = at - lead! > 1;
    expect(text.includes(`${compact(leadIn)}……`)).toBe(gap);
  });

  it('adds nothing to a sentence that is not an item, or an item whose article has no lead-in', () => {
    const sentences = ['第三十条 不满十四周岁的未成年人有违法行为的，不予行政处罚，责令监护人加以管教；', '已满十四周岁不满十八周岁的未成年人有违法行为的，应当从轻或者减轻行政处罚。'];
    expect(leadInOf(sentences, 1)).toBeUndefined();
    expect(leadInOf(['本法所称：', '（一）甲；', '下文。', '（二）乙；'], 3)).toBeUndefined();
    expect(leadInOf(['本法所称：', '（一）甲；', '（二）乙；'], 2)).toBe(0);
  });
});
