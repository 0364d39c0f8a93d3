import { describe, expect, it } from 'vitest';
import type { Answer, Citation } from '../../../src/domain.js';
import {
  cutAtSentence,
  formatAnswer,
  formatText,
  MORE_HINT,
  renderReplies,
  sectionOrdinals,
  sourceLine,
  stripMarkdown,
  utf8Bytes,
} from '../../../src/channels/wechat/format.js';

const regulation: Citation = { id: 'r1', kind: 'regulation', title: '中华人民共和国行政处罚法', article: '第七条', text: '……', score: 0.9 };
const report: Citation = {
  id: 'p1',
  kind: 'report',
  title: '启东经济开发区2023年度法治政府建设情况报告',
  year: 2023,
  section: '一、（七）建立应急预案，依法应对重大突发事件情况',
  text: '……',
  score: 0.8,
};

function answer(text: string, citations: Citation[] = [regulation, report], suggestions: string[] = []): Answer {
  return { answered: true, answer: text, citations, suggestions };
}

const isWellFormed = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe('sources as short lines', () => {
  it('names a regulation by its short title and article, a report by year and section ordinals', () => {
    expect(sourceLine(regulation)).toBe('《行政处罚法》第七条');
    expect(sourceLine(report)).toBe('2023年报告一、（七）');
    expect(sectionOrdinals('一、本年度推进法治政府建设的主要举措和成效 （七）建立应急预案')).toBe('一、（七）');
    expect(sourceLine({ ...report, section: '附件说明' })).toBe('2023年报告附件说明');
  });
});

describe('formatAnswer', () => {
  it('gives the answer, then numbered sources, then suggestions — no Markdown', () => {
    const out = formatAnswer(answer('**处罚**应当公正[1]。', [regulation, report], ['2023年开展了多少场法治宣传活动？']));
    expect(out.rest).toBeUndefined();
    expect(out.text).toBe('处罚应当公正[1]。\n\n来源：\n[1]《行政处罚法》第七条\n[2]2023年报告一、（七）\n\n您还可以问：\n· 2023年开展了多少场法治宣传活动？');
  });

  it('keeps a long answer within 2,000 bytes, cut at a sentence, sources kept, "更多" offered, nothing lost', () => {
    const sentences = Array.from({ length: 80 }, (_, i) => `这是第${i + 1}句关于依法行政的说明。`);
    const out = formatAnswer(answer(sentences.join('')));
    expect(utf8Bytes(out.text)).toBeLessThanOrEqual(2000);
    expect(out.text).toContain('来源：\n[1]《行政处罚法》第七条');
    expect(out.text.endsWith(MORE_HINT)).toBe(true);
    const head = out.text.split('\n\n')[0]!;
    expect(head.endsWith('。')).toBe(true);
    // Paging through "更多" returns every sentence exactly once.
    let pages = head;
    let rest = out.rest;
    while (rest) {
      const page = formatText(rest);
      expect(utf8Bytes(page.text)).toBeLessThanOrEqual(2000);
      pages += page.text.replace(`\n\n${MORE_HINT}`, '');
      rest = page.rest;
    }
    expect(pages).toBe(sentences.join(''));
  });

  it('counts an emoji as 4 bytes and never splits its surrogate pair, even with no sentence end in reach', () => {
    const text = '😀'.repeat(700); // 2,800 bytes, no punctuation
    const out = formatText(text);
    expect(utf8Bytes(out.text)).toBeLessThanOrEqual(2000);
    expect(isWellFormed(out.text)).toBe(true);
    expect(isWellFormed(out.rest!)).toBe(true);
    expect([...out.text.replace(`\n\n${MORE_HINT}`, '')].length + [...out.rest!].length).toBe(700);
  });

  it('drops the suggestions before it cuts the answer', () => {
    const body = '依法行政。'.repeat(120); // 1,800 bytes
    const out = formatAnswer(answer(body, [regulation], ['问题一？', '问题二？'.repeat(30)]));
    expect(out.rest).toBeUndefined();
    expect(out.text.startsWith(body)).toBe(true);
    expect(out.text).not.toContain('您还可以问');
  });
});

describe('cutAtSentence and stripMarkdown', () => {
  it('keeps closing quotes with their sentence', () => {
    const [head, tail] = cutAtSentence('他说：“依法办事。”然后离开了会场并且继续工作', 30);
    expect(head).toBe('他说：“依法办事。”');
    expect(tail).toBe('然后离开了会场并且继续工作');
  });

  it('turns Markdown into plain text', () => {
    expect(stripMarkdown('## 标题\n- **一是**加强`学习`\n见[链接](https://example.cn)')).toBe('标题\n· 一是加强学习\n见链接 https://example.cn');
  });
});

describe('renderReplies', () => {
  it('renders from channelData.answer when present, else from text, joining several messages', () => {
    const a = answer('答复[1]。', [regulation]);
    expect(renderReplies([{ text: 'ignored **md**', channelData: { answer: a, answerId: 'x' } }]).text).toBe('答复[1]。\n\n来源：\n[1]《行政处罚法》第七条');
    expect(renderReplies([{ text: '欢迎关注！' }, { text: '可以问我：…' }]).text).toBe('欢迎关注！\n\n可以问我：…');
    expect(renderReplies([]).text).toBe('');
  });
});
