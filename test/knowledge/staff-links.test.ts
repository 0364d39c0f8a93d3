// The staff's links file: lines the index reads (validated as it will read them), each with an id so it can be
// undone; writes are serialised and whole; lines edited by hand survive a rewrite.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLinkedQuestions } from '../../src/knowledge/linked-questions.js';
import { StaffLinksFile, staffLinksPath } from '../../src/knowledge/staff-links.js';
import { tempDir } from '../helpers/paths.js';

const line = (q: string, article = '第三十六条') => ({ q, gold: [{ law: '行政处罚法', article }], by: 'abc123', at: '2026-12-01T08:00:00.000Z' });

describe('StaffLinksFile', () => {
  it('appends lines the linked-questions loader reads as asked questions, with who and when', async () => {
    const dir = tempDir('qd-staff-links-');
    const file = StaffLinksFile.in(dir);
    const a = await file.append(line('违法的事过了两年还能罚吗'));
    expect(a.id).toMatch(/^s-[0-9a-f]{12}$/);
    expect(file.file).toBe(staffLinksPath(dir));
    const load = loadLinkedQuestions(dir);
    expect(load.invalid).toEqual([]);
    expect(load.questions).toMatchObject([{ q: '违法的事过了两年还能罚吗', origin: 'asked', by: 'abc123', at: '2026-12-01T08:00:00.000Z' }]);
    expect(load.files.map((f) => f.name)).toEqual(['linked-questions/staff.jsonl']);
  });

  it('refuses a line the index could not read', async () => {
    const file = StaffLinksFile.in(tempDir('qd-staff-links-'));
    await expect(file.append({ q: '问题', gold: [{ law: '行政处罚法', article: '三十六' }] })).rejects.toThrow();
    await expect(file.append({ q: '问题', gold: [{ report: 2023, quote: '短' }] })).rejects.toThrow();
    expect(file.list()).toEqual([]);
  });

  it('keeps concurrent appends whole and in order, and removes exactly the line undone', async () => {
    const file = StaffLinksFile.in(tempDir('qd-staff-links-'));
    const written = await Promise.all(Array.from({ length: 20 }, (_, i) => file.append(line(`问题${i}`))));
    expect(file.list().map((l) => l.q)).toEqual(written.map((l) => l.q));
    const removed = await file.remove(written[7]!.id);
    expect(removed?.q).toBe('问题7');
    expect(await file.remove(written[7]!.id)).toBeUndefined();
    expect(file.list()).toHaveLength(19);
    expect(file.list().some((l) => l.q === '问题7')).toBe(false);
  });

  it('gives hand-written lines a stable id and keeps lines it cannot parse through a rewrite', async () => {
    const dir = tempDir('qd-staff-links-');
    const p = staffLinksPath(dir);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, `${JSON.stringify(line('手写的问题'))}\nnot json`);
    const file = StaffLinksFile.in(dir);
    const [hand] = file.list();
    expect(hand?.id).toMatch(/^h-[0-9a-f]{12}$/);
    expect(file.list()[0]?.id).toBe(hand?.id);
    const added = await file.append(line('新问题'));
    await file.remove(hand!.id);
    expect(fs.readFileSync(p, 'utf8')).toBe(`not json\n${JSON.stringify(added)}\n`);
  });
});
