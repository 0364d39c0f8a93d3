// The files of generated linked questions: how a report passage is named, how lines are appended to a file a
// person may have edited, how line references are read, and what approve leaves of a line.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  approveGenerated,
  chooseQuote,
  generatedDir,
  parseLineRef,
  passageHash,
  readGenerated,
  recordGenerated,
  type GenerationPassage,
} from '../../src/knowledge/generated-questions.js';
import { tempDir } from '../helpers/paths.js';

const passage = (text: string): GenerationPassage => ({
  kind: 'regulation', title: '示例办法', article: '第二条', text, hash: passageHash(text),
  gold: { law: '示例办法', article: '第二条' }, file: '示例办法.jsonl', target: '示例办法 第二条', chunks: [0], stale: [],
});

describe('chooseQuote', () => {
  it('names a report passage by its longest clause that no other passage holds', () => {
    const text = '一是开展行政执法人员轮训，组织培训 12 次。二是推行执法全过程记录，抽查执法案卷 40 余份。';
    const others = ['一是开展行政执法人员轮训，组织培训12次。'.replace(/\s/gu, '')];
    expect(chooseQuote(text, others)).toBe('二是推行执法全过程记录，抽查执法案卷 40 余份');
  });

  it('falls back to the longest clause when none is unique', () => {
    expect(chooseQuote('开展普法活动 26 场。', ['开展普法活动26场。'])).toBe('开展普法活动 26 场');
  });
});

describe('generated files', () => {
  it('appends on a new line to a file saved without a final newline, and keeps the ledger apart', () => {
    const dir = tempDir('qd-gen-');
    fs.mkdirSync(generatedDir(dir), { recursive: true });
    const handWritten = '{"q":"手写的问题吗","gold":[{"law":"示例办法","article":"第一条"}]}';
    fs.writeFileSync(path.join(generatedDir(dir), '示例办法.jsonl'), handWritten);
    recordGenerated(dir, passage('第二条 本办法适用于园区。'), ['这个办法管哪里？'], { model: 'openai/m', at: '2026-01-01T00:00:00.000Z' });
    const lines = fs.readFileSync(path.join(generatedDir(dir), '示例办法.jsonl'), 'utf8').split('\n');
    expect(lines[0]).toBe(handWritten);
    expect(JSON.parse(lines[1]!)).toMatchObject({ q: '这个办法管哪里？', review: 'pending' });
    expect(fs.readFileSync(path.join(generatedDir(dir), '.hashes'), 'utf8')).toBe(`${passageHash('第二条 本办法适用于园区。')}\t示例办法 第二条\n`);
    // A line without the generated fields is not one to review.
    expect(readGenerated(dir)).toMatchObject({ entries: [{ line: 2 }], invalid: [{ line: 1 }] });
  });

  it('approve changes only the status, keeping the line’s order and its own fields', () => {
    const dir = tempDir('qd-gen-');
    fs.mkdirSync(generatedDir(dir), { recursive: true });
    const line = { id: 'x1', q: '这个办法管哪里？', gold: [{ law: '示例办法', article: '第二条' }], source: 'generated', hash: 'a'.repeat(64), model: 'm', at: 't', review: 'pending' };
    fs.writeFileSync(path.join(generatedDir(dir), '示例办法.jsonl'), `${JSON.stringify(line)}\n`);
    approveGenerated(dir, [{ file: '示例办法.jsonl', line: 1 }]);
    expect(fs.readFileSync(path.join(generatedDir(dir), '示例办法.jsonl'), 'utf8')).toBe(`${JSON.stringify({ ...line, review: 'approved' })}\n`);
  });

  it.each([
    ['行政处罚法.jsonl:3', { file: '行政处罚法.jsonl', line: 3 }],
    ['generated/report-2023.jsonl:12', { file: 'report-2023.jsonl', line: 12 }],
    ['knowledge/linked-questions/generated/消防法.jsonl:1', { file: '消防法.jsonl', line: 1 }],
  ])('reads the reference %s', (ref, expected) => {
    expect(parseLineRef(ref)).toEqual(expected);
  });
});
