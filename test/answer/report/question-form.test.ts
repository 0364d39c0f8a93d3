// What a question asks for, and which sentence has it: tested over the report's real sentences.
import { describe, expect, it } from 'vitest';
import { askedForms, formBonus, listedItems, withoutAskWords } from '../../../src/answer/report/question-form.js';

describe('askedForms', () => {
  it.each([
    ['信访工作的六大工作机制是哪几个', ['enumeration']],
    ['园区普法活动通过哪些平台渠道开展的？', ['enumeration']],
    ['安全生产专项整治重点盯了哪几个行业领域', ['enumeration']],
    ['法治政府建设的领导机构由谁当组长', ['who']],
    ['报告说在什么时候确保没有越级上访', ['when', 'yesNo']],
    ['有没有人到省里去上访', ['yesNo']],
    ['冬季安全生产专项治理排查出多少隐患？', []],
  ])('%s → %j', (q, forms) => {
    expect(askedForms(q)).toEqual(forms);
  });
});

describe('formBonus prefers the sentence with the asked form', () => {
  it.each([
    [
      ['enumeration'],
      '全面夯实滚动排查、研判会商、领导包案、信息联动、应急处置、督查问效六大工作机制，有效提升信访工作的针对性和前瞻性。',
      '本年度全区上访总量 149 批 451 人次，其中集访 19 批 251 人次。',
    ],
    [['who'], '组建了党政一把手任组长、班子成员任副组长的领导机构。', '健全并及时调整组织机构。'],
    [['yesNo'], '无赴京访，无赴省上访，到南通上访 1 批 2 人次。', '规范信访工作程序，畅通群众诉求表达、利益协调和权益保障渠道。'],
    [['when'], '确保了重大节会期间无越级上访事件。', '促进信访矛盾的精准预警和及时处置。'],
  ] as const)('%j', (forms, better, worse) => {
    const question = '信访工作的六大工作机制是哪几个，由谁什么时候有没有';
    expect(formBonus(forms, better, question)).toBeGreaterThan(formBonus(forms, worse, question));
  });

  it('prefers the list whose category the question names', () => {
    const q = '党工委会议讨论的重大事项主要是哪几类';
    const named = '先后召开党工委会议 15 次，集中讨论项目建设、资金使用、人事调整、案件处置等重大事项 100 余个。';
    const other = '严格遵守公众参与、专家论证、风险评估、合法性审查、集体讨论决定的重大行政决策法定程序。';
    expect(formBonus(['enumeration'], named, q)).toBeGreaterThan(formBonus(['enumeration'], other, q));
  });

  it('counts listed items', () => {
    expect(listedItems('重点对粉尘涉爆、金属熔融、有限空间、动火作业等行业领域')).toBe(4);
    expect(listedItems('一是完善制度。二是提高能力。三是严守底线。')).toBe(3);
    expect(listedItems('六大工作机制')).toBe(3);
    expect(listedItems('组织机关工作人员开展学法考法活动')).toBe(0);
  });

  it('takes the asking words out, not the topic', () => {
    expect(withoutAskWords('信访工作的六大工作机制是哪几个').replace(/\s/gu, '')).toBe('信访工作的六大工作机制是');
  });
});
