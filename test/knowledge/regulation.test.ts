import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cnToInt, intToCn, normaliseArticleRef, parseRegulation } from '../../src/knowledge/regulation.js';
import { MAX_REGULATION_CHUNK_CHARS, regulationChunks, splitArticle } from '../../src/knowledge/regulation-chunks.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const regulationsDir = path.resolve(repoRoot, '../shared/knowledge-sources/regulations');
const scaleDir = path.resolve(repoRoot, '../shared/scale-corpus/national');

async function loadShared(file: string) {
  return parseRegulation(await readFile(path.join(regulationsDir, file), 'utf8'), file);
}

// An invented text in the plain layout of .txt/.docx/.pdf sources: no markdown marks.
const PLAIN_TEXT = [
  '\uFEFF《示例社区议事管理办法》',
  '',
  '2019年3月1日 示例区人民政府第五次常务会议通过',
  '2023年11月20日 示例区人民政府第二十次常务会议修订',
  '',
  '第一章  总 则',
  '',
  '第一条　为了让居民议事有章可循，制定本办法。',
  '',
  '第二条 议事会每季度至少召开一次。',
  '紧急事项可以随时召集。',
  '第二章 议事程序',
  '第一节 提议',
  '第三条 下列人员可以提出议题：',
  '（一）本社区居民；',
  '（二）驻区单位。',
  '议题应当书面提出。',
  '第三条之一 网上提出的议题与书面议题同等对待。',
  '第二节 表决',
  '第十条 表决实行少数服从多数。第三条规定的议题除外。',
  '第三条规定的人员应当到场。',
  '第一百零一条 本办法自公布之日起施行。',
].join('\r\n');

describe('Chinese numerals', () => {
  it.each([
    ['一', 1], ['十', 10], ['十一', 11], ['二十', 20], ['一十五', 15], ['九十九', 99], ['一百', 100],
    ['一百零一', 101], ['一百一十', 110], ['一百二十三', 123], ['两百', 200], ['一千', 1000],
    ['一千零一', 1001], ['一千二百六十', 1260], ['一千二百零八', 1208], ['二〇二三', 2023], ['一万零五', 10005],
    ['7', 7], ['１２', 12], ['零', 0],
  ])('cnToInt(%s) = %d', (cn, n) => {
    expect(cnToInt(cn)).toBe(n);
  });

  it.each(['', '第', '几', '十百', '二三十', 'abc'])('cnToInt(%j) is undefined', (s) => {
    expect(cnToInt(s)).toBeUndefined();
  });

  it.each([
    [1, '一'], [10, '十'], [15, '十五'], [20, '二十'], [101, '一百零一'], [110, '一百一十'],
    [1001, '一千零一'], [1010, '一千零一十'], [1260, '一千二百六十'], [10_015, '一万零一十五'],
  ])('intToCn(%d) = %s', (n, cn) => {
    expect(intToCn(n)).toBe(cn);
  });

  it('round-trips every article number a code can have', () => {
    for (let n = 0; n <= 3000; n++) expect(cnToInt(intToCn(n))).toBe(n);
  });

  it.each([
    ['第7条', '第七条'], ['第 七 条', '第七条'], ['行政处罚法第101条怎么说', '第一百零一条'],
    ['第二十条之一', '第二十条之一'], ['第20条之1', '第二十条之一'], ['第几条', undefined], ['第0条', undefined],
  ])('normaliseArticleRef(%s) = %s', (ref, want) => {
    expect(normaliseArticleRef(ref)).toBe(want);
  });
});

describe('parseRegulation on the shared official texts', () => {
  it('splits 行政处罚法 into its 86 articles with numbers, chapters and version', async () => {
    const reg = await loadShared('行政处罚法(2021-01-22).md');
    expect(reg.title).toBe('中华人民共和国行政处罚法');
    expect(reg.shortTitle).toBe('行政处罚法');
    expect(reg.version).toBe('2021-01-22');
    expect(reg.articles).toHaveLength(86);
    expect(reg.articles.map((a) => a.number)).toEqual(Array.from({ length: 86 }, (_, i) => i + 1));
    const seventh = reg.articles.find((a) => a.article === '第七条');
    expect(seventh?.number).toBe(7);
    expect(seventh?.chapter).toBe('第一章 总则');
    expect(seventh?.paragraphs).toHaveLength(2);
    expect(seventh?.text.startsWith('第七条 ')).toBe(true);
    expect(seventh?.paragraphs[0]?.startsWith('第七条')).toBe(false);
    // 项 lines stay inside the 款 that introduces them.
    const ninth = reg.articles.find((a) => a.article === '第九条');
    expect(ninth?.chapter).toBe('第二章 行政处罚的种类和设定');
    expect(ninth?.paragraphs).toHaveLength(1);
    expect(ninth?.paragraphs[0]?.split('\n')).toHaveLength(7);
  });

  it('keeps 宪法 序言 as a pseudo-article and takes the version from the last amendment', async () => {
    const reg = await loadShared('宪法.md');
    expect(reg.version).toBe('2018-03-11');
    expect(reg.articles[0]?.article).toBe('序言');
    expect(reg.articles[0]?.number).toBe(0);
    expect(reg.articles[0]?.paragraphs.length).toBeGreaterThan(5);
    expect(reg.articles.filter((a) => a.number > 0)).toHaveLength(143);
    expect(reg.articles[1]?.chapter).toBe('第一章 总纲');
    // No layout marks leak into the text.
    expect(reg.articles.some((a) => a.text.includes('<!--'))).toBe(false);
  });

  it('keeps a title without 中华人民共和国 as its own short title, and handles texts without chapters', async () => {
    const xinfang = await loadShared('信访工作条例(2022-02-25).md');
    expect(xinfang.shortTitle).toBe('信访工作条例');
    expect(xinfang.articles).toHaveLength(50);
    const beian = await loadShared('法规规章备案审查条例(2024-08-30).md');
    expect(beian.version).toBe('2024-08-30');
    expect(beian.articles[0]?.chapter).toBeUndefined();
    expect(beian.articles[0]?.article).toBe('第一条');
  });

  it('normalises letter-spaced headings ("第一章 总 则" → "第一章 总则")', async () => {
    const reg = await loadShared('消防法(2021-04-29).md');
    expect(reg.articles[0]?.chapter).toBe('第一章 总则');
  });

  it('parses all 15 shared texts with strictly increasing article numbers starting at 第一条', async () => {
    const files = (await readdir(regulationsDir)).filter((f) => f.endsWith('.md'));
    expect(files).toHaveLength(15);
    for (const file of files) {
      const reg = await loadShared(file);
      const numbered = reg.articles.filter((a) => a.number > 0);
      expect(numbered[0]?.article, file).toBe('第一条');
      for (let i = 1; i < numbered.length; i++) {
        expect(numbered[i]!.number, `${file} ${numbered[i]!.article}`).toBeGreaterThan(numbered[i - 1]!.number);
      }
      expect(reg.version, file).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
});

describe('parseRegulation on plain text', () => {
  const reg = parseRegulation(PLAIN_TEXT, 'local/示例社区议事管理办法.txt');

  it('takes the first line as the title and the last history date as the version', () => {
    expect(reg.title).toBe('示例社区议事管理办法');
    expect(reg.shortTitle).toBe('示例社区议事管理办法');
    expect(reg.version).toBe('2023-11-20');
    expect(reg.source).toBe('local/示例社区议事管理办法.txt');
  });

  it('finds articles, 之一 articles, 款 and 项, and nested 章/节 headings', () => {
    expect(reg.articles.map((a) => a.article)).toEqual(['第一条', '第二条', '第三条', '第三条之一', '第十条', '第一百零一条']);
    expect(reg.articles.map((a) => a.number)).toEqual([1, 2, 3, 3, 10, 101]);
    const [first, second, third, thirdA, tenth, last] = reg.articles;
    expect(first?.chapter).toBe('第一章 总则');
    expect(first?.paragraphs).toEqual(['为了让居民议事有章可循，制定本办法。']);
    expect(second?.paragraphs).toHaveLength(2);
    expect(third?.chapter).toBe('第二章 议事程序 第一节 提议');
    expect(third?.paragraphs).toHaveLength(2);
    expect(third?.paragraphs[0]?.split('\n')).toHaveLength(3);
    expect(thirdA?.chapter).toBe('第二章 议事程序 第一节 提议');
    expect(tenth?.chapter).toBe('第二章 议事程序 第二节 表决');
    // A paragraph that begins "第三条规定的…" is a continuation, not an article.
    expect(tenth?.paragraphs).toHaveLength(2);
    expect(last?.number).toBe(101);
  });

  it('reads an official .docx layout: history in brackets, a 目录 of headings, full-width spaces', () => {
    const text = [
      '示例城市绿化条例',
      '（2015年6月1日示例市人大常委会通过　2022年3月3日修正）',
      '目　　录',
      '第一章　总　　则',
      '第二章　绿化管理',
      '第一节 规划',
      '第三章　附　　则',
      '',
      '第一章　总　　则',
      '　　第一条　为了示例，制定本条例。',
      '第二章　绿化管理',
      '第一节 规划',
      '第二条　规划应当公开。',
      '第三章　附　　则',
      '第三条　本条例自公布之日起施行。',
    ].join('\n');
    const reg2 = parseRegulation(text, 'x.docx');
    expect(reg2.version).toBe('2022-03-03');
    expect(reg2.articles.map((a) => [a.article, a.chapter, a.paragraphs.length])).toEqual([
      ['第一条', '第一章 总则', 1],
      ['第二条', '第二章 绿化管理 第一节 规划', 1],
      ['第三条', '第三章 附则', 1],
    ]);
    expect(reg2.articles[0]?.paragraphs[0]).toBe('为了示例，制定本条例。');
  });

  it('takes the adoption date, not the date it takes effect, as the version', () => {
    const reg2 = parseRegulation('示例条例\n2020年5月28日 示例会议通过\n2021年1月1日 施行\n第一条 内容。', 'x.txt');
    expect(reg2.version).toBe('2020-05-28');
    expect(parseRegulation('示例条例\n2021年1月1日起施行\n第一条 内容。', 'x.txt').version).toBe('2021-01-01');
  });

  it('takes the version from the file name when it has one', () => {
    expect(parseRegulation(PLAIN_TEXT, '示例(2020-05-06).txt').version).toBe('2020-05-06');
    expect(parseRegulation('示例办法\n第一条 内容。', 'x.txt').version).toBeUndefined();
  });

  it('keeps a text without any 第X条 as one pseudo-article "全文"', () => {
    const reg2 = parseRegulation('# 示例决定\n\n<!-- INFO END -->\n\n一、第一项改动。\n\n二、第二项改动。', '示例决定.md');
    expect(reg2.articles).toHaveLength(1);
    expect(reg2.articles[0]?.article).toBe('全文');
    expect(reg2.articles[0]?.paragraphs).toHaveLength(2);
  });

  it('returns no articles for an empty text instead of throwing', () => {
    expect(parseRegulation('', 'empty.md').articles).toEqual([]);
  });
});

describe('regulationChunks', () => {
  it('makes one chunk per article with the citation metadata', async () => {
    const reg = await loadShared('行政处罚法(2021-01-22).md');
    const chunks = regulationChunks(reg);
    expect(chunks).toHaveLength(86);
    const seventh = chunks.find((c) => c.article === '第七条');
    expect(seventh).toMatchObject({
      id: 'reg-行政处罚法-2021-01-22-第七条',
      kind: 'regulation',
      title: '中华人民共和国行政处罚法',
      shortTitle: '行政处罚法',
      chapter: '第一章 总则',
      version: '2021-01-22',
      source: '行政处罚法(2021-01-22).md',
    });
    expect(seventh?.text).toBe(reg.articles[6]?.text);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(chunks.length);
  });

  it('splits a long article at 款 boundaries; every part keeps the article number', async () => {
    const reg = await loadShared('安全生产法(2021-06-10).md');
    const long = reg.articles.find((a) => a.article === '第一百零三条');
    expect(long!.text.length).toBeGreaterThan(MAX_REGULATION_CHUNK_CHARS);
    const parts = regulationChunks(reg).filter((c) => c.article === '第一百零三条');
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((p) => p.id)).toEqual(parts.map((_, i) => `reg-安全生产法-2021-06-10-第一百零三条${i === 0 ? '' : `-${i + 1}`}`));
    // Verbatim: the parts put back together are the article; each part is whole 款.
    expect(parts.map((p) => p.text).join('\n')).toBe(long!.text);
    for (const p of parts) expect(p.text.length).toBeLessThanOrEqual(MAX_REGULATION_CHUNK_CHARS);
    expect(parts[0]!.text.startsWith('第一百零三条')).toBe(true);
    const paragraphsInParts = parts.flatMap((p) => p.text.split('\n'));
    expect(paragraphsInParts.length).toBe(long!.text.split('\n').length);
  });

  it('splits one long 款 at its 项 lines, never inside a line', () => {
    const items = Array.from({ length: 12 }, (_, i) => `（${intToCn(i + 1)}）${'示例事项内容'.repeat(10)}；`);
    const reg = parseRegulation(['示例办法', '第五条 有下列情形之一的，依照本办法处理：', ...items].join('\n'), 'x.txt');
    const article = reg.articles[0]!;
    expect(article.paragraphs).toHaveLength(1);
    const parts = splitArticle(article, 300);
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.join('\n')).toBe(article.text);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(300);
  });

  it('ids without a version leave it out', () => {
    const reg = parseRegulation('示例办法\n第七条 内容。', 'x.txt');
    expect(regulationChunks(reg)[0]?.id).toBe('reg-示例办法-第七条');
  });
});

describe('the scale corpus', () => {
  it('keeps 民法典 parts under the code title, with the part, 分编 and 章 in the chapter path', async () => {
    const file = path.join(scaleDir, '民法典', '合同编.md');
    const reg = parseRegulation(await readFile(file, 'utf8'), '民法典/合同编.md');
    expect(reg.title).toBe('中华人民共和国民法典');
    expect(reg.shortTitle).toBe('民法典');
    expect(reg.version).toBe('2020-05-28');
    expect(reg.articles[0]?.article).toBe('第四百六十三条');
    expect(reg.articles[0]?.chapter).toBe('合同编 第一分编 通则 第一章 一般规定');
  });

  it('parses every national text without throwing, finding about 64,600 articles', async () => {
    const files: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) await walk(p);
        else if (e.name.endsWith('.md') && e.name !== '_index.md') files.push(p);
      }
    };
    await walk(scaleDir);
    expect(files.length).toBeGreaterThan(1500);
    let articles = 0;
    for (const f of files) {
      const reg = parseRegulation(await readFile(f, 'utf8'), path.relative(scaleDir, f));
      expect(reg.articles.length, f).toBeGreaterThan(0);
      articles += reg.articles.filter((a) => a.number > 0).length;
      expect(regulationChunks(reg).length).toBeGreaterThanOrEqual(reg.articles.length);
    }
    expect(articles).toBeGreaterThan(64_000);
  }, 60_000);
});
