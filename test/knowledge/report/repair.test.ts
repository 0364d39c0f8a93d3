import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isHeading, repairParagraphs, textLines } from '../../../src/knowledge/report/index.js';

describe('repairParagraphs', () => {
  it('joins a paragraph cut by a page break to the next one', () => {
    const lines = textLines('（二）标题。\n\n把学法制度作为“规定动作”常抓\n\n不懈，发挥带头作用。\n');
    expect(repairParagraphs(lines)).toEqual(['（二）标题。', '把学法制度作为“规定动作”常抓不懈，发挥带头作用。']);
  });

  it('never joins onto a heading that follows, nor a heading onto the next paragraph', () => {
    const lines = ['正文没有句号', '（三）下一个标题', '四、下一年度安排', '2024年，将继续推进。'];
    expect(repairParagraphs(lines)).toEqual(lines);
  });

  it('lets the body of a "（一）标题。正文" line run over a page break', () => {
    const lines = ['（一）注重率先垂范。主要负责人始终坚', '持重大问题亲自过问。', '（二）下一节。'];
    expect(repairParagraphs(lines)).toEqual(['（一）注重率先垂范。主要负责人始终坚持重大问题亲自过问。', '（二）下一节。']);
  });

  it('keeps lines the caller marks (the title) apart', () => {
    const lines = ['示例开发区 2024年度法治政府建设情况报告', '2024年，开发区推进工作。'];
    expect(repairParagraphs(lines, (_l, i) => i === 0)).toEqual(lines);
  });

  it('drops blank lines, BOM and full-width indentation', () => {
    expect(textLines('\uFEFF\r\n\u3000\u3000第一段。\r\n\r\n第二段。')).toEqual(['第一段。', '第二段。']);
  });
});

describe('repairParagraphs (properties)', () => {
  const line = fc.stringMatching(/^[一二（）。，、；学法普法安全生产2023年次\d]{1,12}$/u);

  it('only joins: no text is lost, added or reordered, and headings always start a paragraph', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
        const out = repairParagraphs(lines);
        expect(out.join('')).toBe(lines.join(''));
        for (const l of lines) if (isHeading(l)) expect(out.some((p) => p.startsWith(l))).toBe(true);
      }),
    );
  });
});
