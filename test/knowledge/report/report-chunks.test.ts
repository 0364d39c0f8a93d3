import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_CHUNK_CHARS, parseReport, reportChunks, splitLongPassage } from '../../../src/knowledge/report/index.js';
import { REPORT_2023_SOURCE, report2023 } from './report-fixture.js';

const chunks = reportChunks(report2023);

describe('reportChunks on the 2023 report', () => {
  it('gives every chunk the report metadata and a structured, unique id', () => {
    expect(chunks.length).toBeGreaterThan(25);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(chunks.length);
    for (const c of chunks) {
      expect(c.id).toMatch(/^report-2023-\d+-\d+-\d+$/u);
      expect(c).toMatchObject({ kind: 'report', title: '启东经济开发区2023年度法治政府建设情况报告', year: 2023, source: REPORT_2023_SOURCE });
      expect(c.section).toBeTruthy();
    }
    expect(chunks.find((c) => c.text.includes('闭环整改隐患368条'))?.id).toBe('report-2023-1-7-3');
  });

  it('repairs page breaks inside chunks', () => {
    expect(chunks.filter((c) => c.text.includes('常抓不懈'))).toHaveLength(1);
    expect(chunks.filter((c) => c.text.includes('园区行政规范性文件'))).toHaveLength(1);
    expect(chunks.filter((c) => c.text.includes('以群众来信来访、矛盾纠纷滚动排查'))).toHaveLength(1);
    expect(chunks.some((c) => /常抓$|园区行$/u.test(c.text))).toBe(false);
  });

  it('makes one chunk per 一是… item, the lead-in staying with the first', () => {
    const safety = chunks.filter((c) => c.section === '一、（七）建立应急预案，依法应对重大突发事件情况');
    expect(safety.map((c) => c.text.slice(0, 2))).toEqual(['（七', '二是', '三是']);
    const first = chunks.find((c) => c.id === 'report-2023-1-1-1');
    expect(first?.text).toMatch(/^（一）加强组织领导，全面依法履行政府职能。启东经济开发区高度重视.*。一是健全并及时调整组织机构/u);
  });

  it('opens each level-2 section with its heading sentence, once', () => {
    const openers = chunks.filter((c) => c.id.endsWith('-1') && !/-0-1$/u.test(c.id));
    expect(openers.length).toBe(report2023.sections.filter((s) => s.path.length === 2).length);
    for (const c of openers) expect(c.text).toMatch(/^（[一二三四五六七八九十]+）[^。]+。/u);
    const leader = chunks.find((c) => c.id === 'report-2023-2-1-1');
    expect(leader?.text).toMatch(/^（一）注重率先垂范，加强法治建设组织领导。主要负责人带头/u);
    expect(chunks.filter((c) => c.text.includes('（一）注重率先垂范'))).toHaveLength(1);
  });

  it('keeps the text verbatim apart from the repairs', () => {
    const all = chunks.map((c) => c.text).join('');
    expect(all).toContain('累计组织学习习近平法治思想和法律法规 8 次。');
    expect(chunks.every((c) => c.text.length <= MAX_CHUNK_CHARS)).toBe(true);
  });
});

describe('splitLongPassage', () => {
  const sentence = (i: number) => `第${i}句说明开发区在依法行政方面的具体做法和取得的成效，内容较长以便测试切分位置是否正确。`;

  it('cuts a long passage at sentence ends into pieces of about equal length', () => {
    const text = Array.from({ length: 12 }, (_, i) => sentence(i + 1)).join('');
    const pieces = splitLongPassage(text, 300);
    expect(pieces.join('')).toBe(text);
    expect(pieces.length).toBe(Math.ceil(text.length / 300));
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(300);
      expect(p).toMatch(/^第\d+句.*。$/u);
    }
  });

  it('keeps every character, and cuts only after 。；！？ (property)', () => {
    const sentenceArb = fc.tuple(fc.stringMatching(/^[法治建设工作开展，、0-9]{1,60}$/u), fc.constantFrom('。', '；', '！', '？'));
    fc.assert(
      fc.property(fc.array(sentenceArb, { minLength: 1, maxLength: 20 }), fc.integer({ min: 20, max: 300 }), (parts, max) => {
        const text = parts.map(([body, end]) => body + end).join('');
        const pieces = splitLongPassage(text, max);
        expect(pieces.join('')).toBe(text);
        for (const p of pieces.slice(0, -1)) expect(p).toMatch(/[。；！？]$/u);
      }),
    );
  });

  it('never cuts inside a sentence, even one longer than the limit', () => {
    const long = `${'很长的一句话，'.repeat(60)}到此结束。`;
    expect(splitLongPassage(`短句。${long}`, 100)).toEqual(['短句。', long]);
  });

  it('cuts long paragraphs of a parsed report into chunks of one section', () => {
    const body = Array.from({ length: 10 }, (_, i) => sentence(i + 1)).join('');
    const r = parseReport(`示例开发区2024年度法治政府建设情况报告\n一、主要举措\n（一）依法行政。\n${body}`, 'reports/sample.txt');
    const cs = reportChunks(r).filter((c) => c.section === '一、（一）依法行政');
    expect(cs.length).toBeGreaterThan(1);
    expect(cs.map((c) => c.id)).toEqual(cs.map((_, i) => `report-2024-1-1-${i + 1}`));
    expect(cs[0]?.text.startsWith('（一）依法行政。第1句')).toBe(true);
    expect(cs.map((c) => c.text).join('')).toBe(`（一）依法行政。${body}`);
  });
});
