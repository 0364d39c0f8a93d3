// Bad knowledge files are skipped and named; everything else loads. A missing LAWS_DIR is a warning.
import fs from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/index.js';
import { knowledgeDir, lawsDir, tempDir } from '../helpers/paths.js';

function recording() {
  const lines: string[] = [];
  return { logger: pino({ level: 'info' }, { write: (s: string) => lines.push(s) }), lines };
}

describe('loadKnowledge', () => {
  it('skips an unreadable .docx and a text without articles, naming them, and loads the rest', async () => {
    const laws = tempDir('qd-badlaws-');
    fs.copyFileSync(path.join(lawsDir, fs.readdirSync(lawsDir).find((n) => n.includes('消防法'))!), path.join(laws, '消防法.md'));
    fs.writeFileSync(path.join(laws, '损坏的文件.docx'), 'this is not a zip archive');
    fs.writeFileSync(path.join(laws, '随便写的.txt'), '这不是法规，没有任何条文。');
    const { logger, lines } = recording();
    const kb = await loadKnowledge({ knowledgeDir, lawsDir: laws }, logger);
    expect(kb.regulations.map((r) => r.shortTitle)).toEqual(['消防法']);
    expect(kb.skipped.map((s) => path.basename(s.file)).sort()).toEqual(['损坏的文件.docx', '随便写的.txt'].sort());
    expect(lines.filter((l) => l.includes('skipped')).join('\n')).toContain('损坏的文件.docx');
    expect(kb.reports.map((r) => r.year)).toEqual([2023]);
    expect(kb.chunks.some((c) => c.kind === 'regulation' && c.article === '第二十八条')).toBe(true);
  });

  it('warns when LAWS_DIR does not exist and serves the report and catalogue', async () => {
    const { logger, lines } = recording();
    const kb = await loadKnowledge({ knowledgeDir, lawsDir: path.join(tempDir(), 'missing') }, logger);
    expect(lines.some((l) => l.includes('LAWS_DIR does not exist'))).toBe(true);
    expect(kb.regulations).toHaveLength(0);
    expect(kb.reports).toHaveLength(1);
    expect(kb.catalogue.length).toBeGreaterThan(20);
  });
});
