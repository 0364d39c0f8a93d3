// WeChat shows text only: a topic answer and a figures answer must carry their facts in the text itself,
// in one message (≤ 2,000 bytes), with a source line for every [n].
import { describe, expect, it } from 'vitest';
import { answerStaffQuestion } from '../../../src/answer/staff/index.js';
import { formatAnswer, utf8Bytes, WECHAT_TEXT_BYTES } from '../../../src/channels/wechat/format.js';
import { compact } from '../../../src/search/text.js';
import { report2023 } from '../../answer/staff/reports.js';

const now = new Date('2026-11-26T10:00:00Z');

describe('report answers in WeChat text', () => {
  it.each([
    ['2023年安全生产方面做了哪些工作？', ['264家企业', '共涉及20家企业', '对4家企业进行处罚', '闭环整改隐患368条', '排查隐患568条']],
    ['信访维稳这块2023年情况怎么样', ['六大工作机制', '149批451人次', '未发生赴京上访事件', '71起简易调解']],
    ['行政执法队伍建设做了哪些事', ['逢会必讲', '执法人员资格管理制度', '9名工作人员']],
    ['2023年安全生产方面有哪些数据？', ['264家', '20家', '4家', '368条', '568条']],
  ])('%s', (question, facts) => {
    const answer = answerStaffQuestion(question, [report2023], { now })!;
    const { text, rest } = formatAnswer(answer);
    expect(rest).toBeUndefined();
    expect(utf8Bytes(text)).toBeLessThanOrEqual(WECHAT_TEXT_BYTES);
    for (const fact of facts) expect(compact(text)).toContain(fact);
    // No promise of a table the channel cannot show; every marker has its source line.
    expect(text).not.toMatch(/下表|表格/u);
    const markers = new Set([...text.matchAll(/\[(\d+)\](?!\d)/gu)].map((m) => m[1]));
    for (const n of markers) expect(text).toMatch(new RegExp(`^\\[${n}\\]\\d{4}年报告`, 'mu'));
  });
});
