import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CatalogueError,
  catalogueOnly,
  findCatalogueEntries,
  loadCatalogue,
  markTextLoaded,
  type CatalogueEntry,
} from '../../src/knowledge/catalogue.js';
import { parseRegulation } from '../../src/knowledge/regulation.js';
import { expandQuery, loadThesaurus, ThesaurusError, type Thesaurus } from '../../src/knowledge/thesaurus.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const knowledgeDir = path.join(repoRoot, 'knowledge');
const regulationsDir = path.resolve(repoRoot, '../shared/knowledge-sources/regulations');

let catalogue: CatalogueEntry[];
let thesaurus: Thesaurus;
let tmp: string;

beforeAll(async () => {
  catalogue = await loadCatalogue(knowledgeDir);
  thesaurus = await loadThesaurus(path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/thesaurus'));
  tmp = await mkdtemp(path.join(os.tmpdir(), 'catalogue-'));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const titles = (entries: CatalogueEntry[]) => entries.map((e) => e.title);

describe('the catalogue file', () => {
  it('holds every regulation the 2023 report names in 《》, matched by its own name', async () => {
    const reportDir = path.join(knowledgeDir, 'reports');
    const named = new Set<string>();
    for (const f of await readdir(reportDir)) {
      for (const m of (await readFile(path.join(reportDir, f), 'utf8')).matchAll(/《([^》]+)》/g)) named.add(m[1]!);
    }
    expect(named.size).toBe(11);
    for (const name of named) {
      const found = findCatalogueEntries(`《${name}》`, catalogue);
      expect(found.length, name).toBe(1);
    }
    const regulationsNamed = [...named].map((n) => findCatalogueEntries(n, catalogue)[0]!).filter((e) => e.kind === 'regulation');
    expect(regulationsNamed).toHaveLength(10);
    for (const e of regulationsNamed) expect(e.reportSections.length, e.title).toBeGreaterThan(0);
  });

  it('holds the regulations the report rests on, and every shared text is a catalogue entry', async () => {
    for (const name of ['宪法', '国家安全法', '禁毒法', '信访工作条例', '行政诉讼法', '重大行政决策程序暂行条例', '人民调解法', '行政复议法', '法律援助法', '突发事件应对法', '消防法', '法规规章备案审查条例']) {
      expect(findCatalogueEntries(name, catalogue).length, name).toBe(1);
    }
    const regulations = [];
    for (const f of (await readdir(regulationsDir)).filter((x) => x.endsWith('.md'))) {
      regulations.push(parseRegulation(await readFile(path.join(regulationsDir, f), 'utf8'), f));
    }
    const marked = markTextLoaded(catalogue, regulations);
    expect(marked.filter((e) => e.textLoaded)).toHaveLength(15);
    for (const reg of regulations) {
      const entry = marked.find((e) => e.title === reg.title);
      expect(entry?.textLoaded, reg.title).toBe(true);
      // Versions in the catalogue are the ones the texts show.
      expect(entry?.version, reg.title).toBe(reg.version);
    }
    expect(catalogueOnly(catalogue, regulations)).toEqual([
      '法治政府建设实施纲要（2021－2025年）',
      '中国共产党党内法规和规范性文件备案审查规定',
      '启东市镇（园区、街道）合法性审查工作规范',
      '江苏省行政规范性文件管理规定',
      '关于进一步加强“三重一大”事项决策的议事规则',
      '江苏省行政程序条例',
      '江苏省行政执法监督办法',
    ]);
  });

  it('marks the local work plan as a plan, not a regulation, and stores no textLoaded', async () => {
    const plan = findCatalogueEntries('普法依法治理工作计划', catalogue);
    expect(plan.map((e) => e.kind)).toEqual(['plan']);
    const stored = JSON.parse(await readFile(path.join(knowledgeDir, 'catalogue.json'), 'utf8')) as { entries: object[] };
    expect(stored.entries.filter((e) => 'textLoaded' in e)).toEqual([]);
    expect(catalogue.every((e) => e.textLoaded === undefined)).toBe(true);
  });

  it('cites only report sections that exist', async () => {
    const reportText = (await readFile(path.join(knowledgeDir, 'reports', (await readdir(path.join(knowledgeDir, 'reports')))[0]!), 'utf8'))
      .replace(/\s+/g, '');
    for (const e of catalogue) {
      for (const s of [...e.reportSections, ...e.relatedSections]) {
        if (s === '引言') continue;
        const heading = s.replace(/^[一二三四五六七八九十]+、(?=（)/, '');
        expect(reportText.includes(heading.replace(/\s+/g, '')), `${e.title}: ${s}`).toBe(true);
      }
    }
  });
});

describe('findCatalogueEntries', () => {
  it.each([
    ['《中华人民共和国行政处罚法》第七条是什么', ['中华人民共和国行政处罚法']],
    ['行政处罚法第七条', ['中华人民共和国行政处罚法']],
    ['处罚法规定罚款怎么交', ['中华人民共和国行政处罚法']],
    ['反诈法对租银行卡怎么规定', ['中华人民共和国反电信网络诈骗法']],
    ['法治政府建设实施纲要（2021-2025年）讲了什么', ['法治政府建设实施纲要（2021－2025年）']],
    ['三重一大是什么', ['关于进一步加强“三重一大”事项决策的议事规则']],
    ['重大行政决策程序暂行条例和行政程序条例有什么不同', ['重大行政决策程序暂行条例', '江苏省行政程序条例']],
    ['行政复议法和行政诉讼法哪个先', ['中华人民共和国行政复议法', '中华人民共和国行政诉讼法']],
    ['人民调解法', ['中华人民共和国人民调解法']],
    ['开发区信访总量是多少', []],
    ['罚款', []],
  ])('%s', (q, want) => {
    expect(titles(findCatalogueEntries(q, catalogue))).toEqual(want);
  });
});

describe('loadCatalogue errors', () => {
  it.each([
    ['not JSON', '{ "entries": [', /Cannot read the regulation catalogue/],
    ['a missing summary', JSON.stringify({ entries: [{ title: '示例法' }] }), /entries\.0\.summary/],
    ['a bad level', JSON.stringify({ entries: [{ title: '示例法', summary: '示例。', level: '法令' }] }), /entries\.0\.level/],
    ['a bad version', JSON.stringify({ entries: [{ title: '示例法', summary: '示例。', version: '2021年' }] }), /YYYY-MM-DD/],
    ['a stored textLoaded', JSON.stringify({ entries: [{ title: '示例法', summary: '示例。', textLoaded: true }] }), /textLoaded|Unrecognized/],
    [
      'an alias shared by two entries',
      JSON.stringify({ entries: [{ title: '甲法', summary: '甲。', aliases: ['同名'] }, { title: '乙法', summary: '乙。', aliases: ['同名'] }] }),
      /"同名" belongs to both/,
    ],
  ])('rejects a catalogue with %s, naming the problem', async (_case, content, message) => {
    const dir = await mkdtemp(path.join(tmp, 'k-'));
    await writeFile(path.join(dir, 'catalogue.json'), content);
    const err: unknown = await loadCatalogue(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CatalogueError);
    expect((err as Error).message).toMatch(message);
  });

  it('says which file is missing', async () => {
    await expect(loadCatalogue(path.join(tmp, 'nowhere'))).rejects.toThrow(/catalogue\.json/);
  });
});

describe('the thesaurus mechanism (the project ships no thesaurus; a district may add one)', () => {
  it('loads with zod', () => {
    expect(thesaurus.entries.length).toBe(3);
  });

  it.each([
    ['我想告政府', ['行政诉讼', '起诉']],
    ['调解员收好处怎么办', ['人民调解员', '收受财物']],
  ])('expands %s', (q, want) => {
    const { terms, matched } = expandQuery(q, thesaurus);
    for (const t of want) expect(terms, `${q} → ${t}`).toContain(t);
    expect(matched.length).toBeGreaterThan(0);
  });

  it('prefers the longest match: 调解员收好处 is not read as 收 + 好处 alone', () => {
    const { matched } = expandQuery('调解员收好处', thesaurus);
    expect(matched[0]).toBe('调解员收好处');
  });

  it('adds no term the question already has, and nothing for an unrelated question', () => {
    const { terms } = expandQuery('行政复议的期限', thesaurus);
    expect(terms).not.toContain('行政复议');
    expect(expandQuery('复议要多久', thesaurus).terms).toContain('行政复议');
    expect(expandQuery('今天天气怎么样', thesaurus)).toEqual({ terms: [], matched: [] });
  });

  it('rejects a malformed thesaurus file, naming the entry', async () => {
    const dir = await mkdtemp(path.join(tmp, 't-'));
    await writeFile(path.join(dir, 'thesaurus.json'), JSON.stringify({ entries: [{ words: ['告官'], terms: [] }] }));
    const err: unknown = await loadThesaurus(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ThesaurusError);
    expect((err as Error).message).toMatch(/entries\.0\.terms/);
  });
});
