// One Answer rendered per channel kind: a card with sources and 👍/👎 where cards are drawn, numbered
// plain text elsewhere; the Answer always in channelData; follow-ups as imBack suggested actions.
import { describe, expect, it } from 'vitest';
import { citationLabel, isFeedbackValue, renderAnswer, type AnswerChannelData } from '../../src/bot/render.js';
import type { Answer } from '../../src/domain.js';

const answer: Answer = {
  answered: true,
  answer: '对同一个违法行为，不得给予两次以上罚款的行政处罚[1]。',
  citations: [
    { id: 'reg-行政处罚法-第二十九条', kind: 'regulation', title: '中华人民共和国行政处罚法', article: '第二十九条', text: '（条文）', score: 0.9 },
    { id: 'report-2023-1-5-1', kind: 'report', title: '启东经济开发区2023年度法治政府建设情况报告', year: 2023, section: '一、（五）', text: '（段落）', score: 0.5 },
  ],
  suggestions: ['罚款不服怎么办？'],
};

describe('renderAnswer', () => {
  it.each(['msteams', 'webchat', 'emulator', 'directline'])('%s: text, an Adaptive Card with the sources, 👍/👎', (channel) => {
    const activity = renderAnswer(answer, channel, { answerId: 'a-1', feedback: true });
    expect(activity.text).toBe(answer.answer);
    const card = activity.attachments?.[0];
    expect(card?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const json = JSON.stringify(card?.content);
    expect(json).toContain('[1] 《中华人民共和国行政处罚法》第二十九条');
    expect(json).toContain('[2] 启东经济开发区2023年度法治政府建设情况报告 · 一、（五）');
    expect((activity.channelData as AnswerChannelData).answer).toBe(answer);
    expect(activity.suggestedActions?.actions).toEqual([{ type: 'imBack', title: '罚款不服怎么办？', value: '罚款不服怎么办？' }]);
  });

  it.each(['web', 'wechat', 'test', 'slack'])('%s: numbered sources as plain text, no card', (channel) => {
    const activity = renderAnswer(answer, channel, { answerId: 'a-1', feedback: true });
    expect(activity.attachments).toBeUndefined();
    expect(activity.text).toBe(
      `${answer.answer}\n\n出处：\n[1] 《中华人民共和国行政处罚法》第二十九条\n[2] 启东经济开发区2023年度法治政府建设情况报告 · 一、（五）`,
    );
  });

  it('leaves out sources and suggested actions when there are none', () => {
    const refusal: Answer = { answered: false, answer: '抱歉……可拨打12348。', citations: [], suggestions: [] };
    const plain = renderAnswer(refusal, 'web', { answerId: 'a-2', feedback: true });
    expect(plain.text).toBe(refusal.answer);
    expect(plain).not.toHaveProperty('suggestedActions');
    const help = renderAnswer(refusal, 'msteams', { answerId: 'a-3', feedback: false });
    expect(help.attachments).toBeUndefined();
  });

  it('renders a staff table as rows', () => {
    const withTable: Answer = { ...answer, table: { columns: ['事项', '数量'], rows: [['党工委会议', '15次']] } };
    expect(renderAnswer(withTable, 'web', { answerId: 'a', feedback: false }).text).toContain('事项 ｜ 数量\n党工委会议 ｜ 15次');
    expect(JSON.stringify(renderAnswer(withTable, 'msteams', { answerId: 'a', feedback: false }).attachments)).toContain('党工委会议 ｜ 15次');
  });
});

describe('feedback values', () => {
  it('accepts only up/down with an answer id', () => {
    expect(isFeedbackValue({ feedback: 'up', answerId: 'a' })).toBe(true);
    expect(isFeedbackValue({ feedback: 'meh', answerId: 'a' })).toBe(false);
    expect(isFeedbackValue({ feedback: 'down', answerId: '' })).toBe(false);
    expect(isFeedbackValue('up')).toBe(false);
    expect(isFeedbackValue(null)).toBe(false);
  });

  it('labels a citation as people read it', () => {
    expect(citationLabel({ ...answer.citations[1]!, section: undefined })).toBe('启东经济开发区2023年度法治政府建设情况报告');
  });
});
