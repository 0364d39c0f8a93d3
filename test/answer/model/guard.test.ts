import { describe, expect, it } from 'vitest';
import { droppedFigures, guardAnswer } from '../../../src/answer/model/guard.js';
import { passages } from './passages.js';

describe('guardAnswer', () => {
  it.each([
    ['a figure as written', '2023年累计组织集中学法8次[1]。'],
    ['a figure with the space the source has', '2023年累计组织集中学法 8 次[1]。'],
    ['an approximate figure kept approximate', '发放宣传资料30000余份[1]。'],
    ['a percentage', '群众满意率达到95%[1]。'],
    ['Chinese numerals as the source writes them', '全年受理信访事项一百四十九件，开展矛盾排查十余次[2]。'],
    ['the year of the cited report', '2023年，开发区受理信访事项一百四十九件[2]。'],
    ['an article number from the citation', '根据行政处罚法第七条，当事人享有陈述权、申辩权[3]。'],
    ['numbers spread over two cited passages', '学法8次[1]，受理信访一百四十九件[2]。'],
    ['a numbered list', '开发区的安排：\n1. 加强组织领导[1]；\n2、完善制度（3）[1]。'],
    ['ordinary words with 一 and enumerations', '开发区统一部署，一是进一步加强学习，二是完善制度[1]。'],
  ])('accepts %s', (_what, text) => {
    expect(guardAnswer(text, passages)).toEqual({ ok: true });
  });

  it.each([
    ['no citation at all', '累计组织集中学法8次。', 'cites no passage'],
    ['[9] of 3 passages', '累计组织集中学法8次[9]。', 'cites [9] but only 3'],
    ['[0]', '学法8次[0]。', 'cites [0]'],
    ['an invented number', '累计组织集中学法12次[1]。', '"12"'],
    ['an invented Chinese number', '累计组织集中学法十二次[1]。', '"十二"'],
    ['Arabic 8 rewritten as 八', '累计组织集中学法八次[1]。', 'written differently'],
    ['一百四十九 rewritten as 149', '全年受理信访事项149件[2]。', 'written differently'],
    ['"30000余份" rewritten as 3万余份', '发放宣传资料3万余份[1]。', 'written differently'],
    ['95% rewritten in words', '群众满意率达到百分之九十五[1]。', 'written differently'],
    ['a number from a passage it does not cite', '全年受理信访事项一百四十九件[1]。', '"一百四十九"'],
    ['余 dropped from "30000余份"', '发放宣传资料30000份[1]。', 'different 余'],
    ['余 added to an exact figure', '组织集中学法8余次[1]。', 'different 余'],
    ['a wrong percentage', '群众满意率达到98%[1]。', '"98"'],
    ['a year no cited passage holds', '2021年累计组织集中学法8次[1]。', '"2021"'],
    ['a sum the passages do not state', '学法与排查合计18次[1][2]。', '"18"'],
  ])('rejects %s', (_what, text, reason) => {
    const verdict = guardAnswer(text, passages);
    expect(verdict.ok).toBe(false);
    expect(verdict.ok ? '' : verdict.reason).toContain(reason);
  });

  it('accepts a year the question names, and only a year', () => {
    const text = '2024年将继续组织集中学法[1]。';
    expect(guardAnswer(text, passages).ok).toBe(false);
    expect(guardAnswer(text, passages, { question: '2024年有什么安排？' })).toEqual({ ok: true });
    expect(guardAnswer('学法12次[1]。', passages, { question: '是不是学法12次？' }).ok).toBe(false);
  });

  it('takes well under a millisecond per answer', () => {
    const text = '2023年累计组织集中学法8次[1]，发放宣传资料30000余份[1]，受理信访事项一百四十九件[2]。'.repeat(4);
    const started = performance.now();
    for (let i = 0; i < 200; i++) guardAnswer(text, passages);
    expect((performance.now() - started) / 200).toBeLessThan(1);
  });
});

describe('droppedFigures', () => {
  it('names the figures of the extractive answer a rewrite leaves out, years and article numbers aside', () => {
    const extractive = '2023年，累计组织集中学法 8 次，发放宣传资料30000余份[1]。依据第七条[3]。';
    expect(droppedFigures('2023年共学法8次，发放资料30000余份[1]。', extractive)).toEqual([]);
    expect(droppedFigures('共学法8次[1]。', extractive)).toEqual(['30000']);
    expect(droppedFigures('学法8次，资料30000份[1]。', extractive)).toEqual(['30000']);
  });
});
