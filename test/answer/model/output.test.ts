import { describe, expect, it } from 'vitest';
import { cleanReply, isModelRefusal, normalizeMarkers, renumber, ThinkingFilter } from '../../../src/answer/model/output.js';
import { passages } from './passages.js';

describe('model output', () => {
  it.each([
    ['学法8次【1】', '学法8次[1]'],
    ['学法8次［2］', '学法8次[2]'],
    ['学法8次[1,2]', '学法8次[1][2]'],
    ['学法8次[1、 3]', '学法8次[1][3]'],
    ['学法8次[ 2 ]', '学法8次[2]'],
  ])('normalizeMarkers(%s)', (raw, expected) => {
    expect(normalizeMarkers(raw)).toBe(expected);
  });

  it('renumbers by first citation, merges repeats, and refuses more than five passages', () => {
    expect(renumber('甲[3]乙[1][3][3]丙[1]', passages)).toEqual({ text: '甲[1]乙[2][1]丙[2]', citations: [passages[2], passages[0]] });
    const many = Array.from({ length: 6 }, (_, i) => ({ ...passages[0]!, id: `p${i}` }));
    expect(renumber('[1][2][3][4][5][6]', many)).toBeUndefined();
  });

  it('drops reasoning and recognises the refusal sentence', () => {
    expect(cleanReply('<think>嗯\n</think>\n答[1]')).toBe('答[1]');
    expect(isModelRefusal('资料中没有可以回答这个问题的内容', '资料中没有可以回答这个问题的内容。')).toBe(true);
    expect(isModelRefusal('学法8次[1]。', '资料中没有可以回答这个问题的内容。')).toBe(false);
  });

  it('streams text after a <think> block, and text without one at once', () => {
    const f = new ThinkingFilter();
    expect(['<', 'think>a', 'b</th', 'ink> 答', '[1]'].map((p) => f.push(p))).toEqual(['', '', '', '答', '[1]']);
    const g = new ThinkingFilter();
    expect(['<b', '答'].map((p) => g.push(p))).toEqual(['<b', '答']);
  });
});
