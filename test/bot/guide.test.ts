// The fixed texts in prompts/: loaded once, every placeholder filled whatever is loaded.
import { describe, expect, it } from 'vitest';
import type { KnowledgeStats } from '../../src/answer/service.js';
import { Guide } from '../../src/bot/guide.js';
import { parseCommand } from '../../src/bot/legalBot.js';
import { fill, loadBotTexts, UnfilledPlaceholderError } from '../../src/bot/texts.js';

const texts = loadBotTexts();

const stats = (over: Partial<KnowledgeStats>): KnowledgeStats => ({
  documents: 16,
  chunks: 1190,
  reportYears: [2023],
  regulations: ['中华人民共和国行政处罚法', '中华人民共和国行政复议法', '中华人民共和国消防法', '信访工作条例'],
  catalogueOnly: [],
  indexBuiltAt: '2026-11-26T09:30:00.000Z',
  ...over,
});

describe('Guide', () => {
  it.each([
    ['one report, four regulations', stats({})],
    ['two reports, out of order', stats({ reportYears: [2024, 2023] })],
    ['nothing loaded', stats({ reportYears: [], regulations: [], documents: 0, chunks: 0 })],
    ['a build time that is not a date', stats({ indexBuiltAt: 'unknown' })],
  ])('fills every placeholder: %s', (_name, s) => {
    const guide = new Guide(texts, () => s);
    const welcome = guide.welcome();
    const all = [welcome.text, ...welcome.suggestions, guide.help().text, ...guide.help().suggestions, guide.about().text];
    for (const text of all) expect(text).not.toMatch(/\{\{|\}\}/);
    expect(welcome.suggestions.length).toBeGreaterThanOrEqual(4);
    expect(welcome.suggestions.length).toBeLessThanOrEqual(6);
  });

  it('says what is loaded and asks about the newest report year', () => {
    const guide = new Guide(texts, () => stats({ reportYears: [2024, 2023] }));
    const welcome = guide.welcome();
    expect(welcome.reportYears).toEqual([2023, 2024]);
    expect(welcome.text).toContain('2023、2024');
    expect(welcome.text).toContain('已收录 4 部');
    expect(welcome.text).toContain('《中华人民共和国行政处罚法》');
    expect(welcome.suggestions.some((q) => q.startsWith('2024年'))).toBe(true);
    expect(guide.about().text).toContain('2026-11-26 09:30 UTC');
    expect(guide.about().text).toContain('《信访工作条例》');
  });
});

describe('fill', () => {
  it('throws on a placeholder it was not given', () => {
    expect(() => fill('已收录 {{count}} 部', {})).toThrow(UnfilledPlaceholderError);
    expect(fill('已收录 {{ count }} 部', { count: 15 })).toBe('已收录 15 部');
  });
});

describe('commands', () => {
  it.each([
    ['帮助', 'help'],
    ['/help', 'help'],
    ['Help', 'help'],
    ['帮助？', 'help'],
    ['关于', 'about'],
    ['关于。', 'about'],
    ['帮助我查一下信访条例', undefined],
    ['法律援助', undefined],
  ])('%s → %s', (text, command) => {
    expect(parseCommand(text)).toBe(command);
  });
});
