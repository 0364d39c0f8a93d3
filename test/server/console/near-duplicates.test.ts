// Near-duplicate questions form one group to review: spelling variants always, wordings that mostly agree too.
import { describe, expect, it } from 'vitest';
import { groupNearDuplicates, questionKey } from '../../../src/server/console/near-duplicates.js';

const asked = (question: string, count = 1) => ({ question, count, item: question });

describe('questionKey', () => {
  it.each([
    ['违法的事，过了两年还能罚吗？', '违法的事过了两年还能罚'],
    ['违法的事过了两年还能罚吗', '违法的事过了两年还能罚'],
    ['  ＡＢＣ 罚款  ', 'abc罚款'],
    ['吗', '吗'],
    ['我的电话[手机号]怎么办', '我的电话手机号怎么办'],
  ])('%s → %s', (q, key) => expect(questionKey(q)).toBe(key));
});

describe('groupNearDuplicates', () => {
  it('merges spelling variants and close wordings under the most asked one; keeps different questions apart', () => {
    const groups = groupNearDuplicates([
      asked('交罚款拖了半个月有啥后果', 2),
      asked('交罚款拖了半个月会有啥后果', 3),
      asked('交罚款拖了半个月有啥后果？', 1),
      asked('违法的事过了两年还能罚吗', 4),
      asked('怎么办理护照', 1),
    ]);
    expect(groups.map((g) => [g.question, g.count, g.members.length])).toEqual([
      ['交罚款拖了半个月会有啥后果', 6, 3],
      ['违法的事过了两年还能罚吗', 4, 1],
      ['怎么办理护照', 1, 1],
    ]);
  });

  it('groups thousands of distinct questions quickly', () => {
    const words = ['罚款', '复议', '诉讼', '调解', '信访', '消防', '禁毒', '援助', '诈骗', '安全', '宪法', '决策', '备案', '应急', '国家'];
    const tails = ['怎么办', '要多久', '找谁', '要钱吗', '犯法吗', '能不能', '有什么规定', '去哪里办'];
    const many = Array.from({ length: 3000 }, (_, i) => asked(`${words[i % 15]}${words[(i * 7) % 15]}的事${tails[i % 8]}${i}`, 1 + (i % 5)));
    const started = performance.now();
    const groups = groupNearDuplicates(many);
    const ms = performance.now() - started;
    expect(groups.reduce((n, g) => n + g.members.length, 0)).toBe(3000);
    expect(ms).toBeLessThan(500);
  });
});
