import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinWrappedLines, listSourceFiles, readSourceDocument, UnreadableSourceError } from '../../src/knowledge/loaders.js';
import { parseRegulation } from '../../src/knowledge/regulation.js';
import { encodeGbk, SAMPLE_REGULATION_LINES, sampleDocx, samplePdf } from '../fixtures/regulation-documents.js';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'loaders-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function put(rel: string, content: string | Buffer): Promise<string> {
  const abs = path.join(root, rel);
  await mkdir(path.dirname(abs), { recursive: true });
  await writeFile(abs, content);
  return rel;
}

/** What every format must come out as: the sample regulation, parsed the same way. */
function expectSampleRegulation(text: string, source: string): void {
  const reg = parseRegulation(text, source);
  expect(reg.title).toBe('示例园区文明施工管理办法');
  expect(reg.version).toBe('2022-06-01');
  expect(reg.articles.map((a) => a.article)).toEqual(['第一条', '第二条', '第三条', '第四条']);
  expect(reg.articles.map((a) => a.chapter)).toEqual(['第一章 总则', '第一章 总则', '第二章 施工要求', '第二章 施工要求']);
  expect(reg.articles[2]?.paragraphs).toEqual(['施工单位应当做到：\n（一）围挡施工；\n（二）夜间不得产生噪声扰民。']);
  expect(reg.articles[3]?.paragraphs).toHaveLength(2);
}

describe('listSourceFiles', () => {
  it('lists supported files recursively, sorted, relative with "/", skipping dotfiles and empty index files', async () => {
    const dir = path.join(root, 'tree');
    const files: Array<[string, string]> = [
      ['b/z.md', '# 乙\n第一条 内容。'],
      ['a.txt', '甲'],
      ['b/a/deep.pdf', 'x'],
      ['c.DOCX', 'x'],
      ['notes.json', '{}'],
      ['.hidden.md', '第一条 内容。'],
      ['.git/x.md', '第一条 内容。'],
      ['b/_index.md', '---\nbookCollapseSection: true\n---'],
      ['_merged.md', '# 丙\n\n第一条 内容。'],
      ['README.md', '说明文件'],
    ];
    for (const [rel, content] of files) await put(path.join('tree', rel), content);
    expect(await listSourceFiles(dir)).toEqual(['_merged.md', 'a.txt', 'b/a/deep.pdf', 'b/z.md', 'c.DOCX']);
    expect(await listSourceFiles(dir, ['.md'])).toEqual(['_merged.md', 'b/z.md']);
  });
});

describe('readSourceDocument', () => {
  it('reads .md/.txt as UTF-8 without BOM and with LF line ends, hashing the raw bytes', async () => {
    const raw = Buffer.from(`\uFEFF${SAMPLE_REGULATION_LINES.join('\r\n')}\r\n`, 'utf8');
    const rel = await put('plain/示例.txt', raw);
    const doc = await readSourceDocument(root, rel);
    expect(doc.name).toBe('plain/示例.txt');
    expect(doc.absPath).toBe(path.join(root, 'plain/示例.txt'));
    expect(doc.hash).toBe(createHash('sha256').update(raw).digest('hex'));
    expect(doc.text.startsWith('示例园区')).toBe(true);
    expect(doc.text).not.toContain('\r');
    expectSampleRegulation(doc.text, doc.name);
  });

  it('reads a GBK-encoded .txt (as saved by Chinese Windows) into the same regulation', async () => {
    const gbk = encodeGbk(SAMPLE_REGULATION_LINES.join('\r\n'));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gbk)).toThrow();
    const rel = await put('plain/gbk.txt', gbk);
    const doc = await readSourceDocument(root, rel);
    expectSampleRegulation(doc.text, doc.name);
  });

  it('reads a .docx through mammoth into the same regulation', async () => {
    const rel = await put('docx/示例.docx', await sampleDocx());
    const doc = await readSourceDocument(root, rel);
    expectSampleRegulation(doc.text, doc.name);
  });

  it('reads a Chinese .pdf (no embedded font, ToUnicode map) and rejoins wrapped lines', async () => {
    const [title, history, ...rest] = SAMPLE_REGULATION_LINES;
    const wrapped: Array<string | [string, string]> = [title!, history!, ...rest];
    // The fourth article wraps in the middle of its first 款, as PDFs do.
    wrapped[wrapped.length - 2] = ['第四条 违反本办法的，由园区', '管理委员会责令改正。'];
    const rel = await put('pdf/示例.pdf', await samplePdf(wrapped));
    const doc = await readSourceDocument(root, rel);
    expect(doc.text).toContain('由园区管理委员会');
    expectSampleRegulation(doc.text, doc.name);
  });

  it('reads a PDF in the predefined UniGB-UCS2-H encoding (non-embedded STSong-Light) through the bundled cmaps', async () => {
    const rel = await put('pdf/预定义编码.pdf', await samplePdf(SAMPLE_REGULATION_LINES, 'predefined-cmap'));
    const doc = await readSourceDocument(root, rel);
    expectSampleRegulation(doc.text, doc.name);
  });

  it('reads a PDF over several pages', async () => {
    const many = Array.from({ length: 90 }, (_, i) => `第${['一', '二', '三', '四', '五', '六', '七', '八', '九'][i % 9]}条 内容。`);
    const rel = await put('pdf/long.pdf', await samplePdf(['示例长文件', ...many]));
    const doc = await readSourceDocument(root, rel);
    expect(doc.text.split('\n').filter((l) => l.startsWith('第')).length).toBe(90);
  });

  it.each([
    ['bad/broken.pdf', Buffer.from('%PDF-1.7\nthis is not really a pdf')],
    ['bad/broken.docx', Buffer.from('PK\u0003\u0004 not a zip')],
    ['bad/binary.txt', Buffer.from([0x00, 0xff, 0x80, 0xfe, 0x01, 0x02])],
    ['bad/latin1.md', Buffer.from('Caf\xe9 cr\xe8me br\xfbl\xe9e, na\xefve fa\xe7ade', 'latin1')],
    ['bad/table.xlsx', Buffer.from('x')],
  ])('raises UnreadableSourceError naming %s', async (rel, bytes) => {
    await put(rel, bytes);
    const err: unknown = await readSourceDocument(root, rel).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreadableSourceError);
    expect((err as UnreadableSourceError).file).toBe(rel);
    expect((err as Error).message).toContain(rel);
  });

  it('raises UnreadableSourceError for a missing file', async () => {
    await expect(readSourceDocument(root, 'nowhere/none.md')).rejects.toBeInstanceOf(UnreadableSourceError);
  });

  it('raises UnreadableSourceError for a PDF without any text (a scan)', async () => {
    const rel = await put('bad/scan.pdf', await samplePdf([]));
    await expect(readSourceDocument(root, rel)).rejects.toThrow(/no extractable text/);
  });
});

describe('joinWrappedLines', () => {
  it('joins wrapped body lines but keeps title, history, headings, articles and items apart', () => {
    const text = [
      '示例办法',
      '2020年1月1日 通过',
      '第一章 总则',
      '第一条 为了示例，',
      '制定本办法。',
      '第二条 下列情形',
      '适用本办法：',
      '（一）甲；',
      '（二）乙。',
    ].join('\n');
    expect(joinWrappedLines(text).split('\n')).toEqual([
      '示例办法',
      '2020年1月1日 通过',
      '第一章 总则',
      '第一条 为了示例，制定本办法。',
      '第二条 下列情形适用本办法：',
      '（一）甲；',
      '（二）乙。',
    ]);
  });
});
