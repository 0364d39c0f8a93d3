// The guard on real text: every sentence of the report, quoted with [1] against its own paragraph,
// must pass; the same sentence with one figure changed must not. Reads the report from knowledge/
// and regulation texts from shared/ beside the repo (never copied into the repo).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { guardAnswer } from '../../../src/answer/model/guard.js';
import { statedNumbers } from '../../../src/answer/model/numbers.js';
import type { Citation } from '../../../src/domain.js';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const reportsDir = path.join(repoRoot, 'knowledge/reports');
const regulationsDir = path.resolve(repoRoot, '../shared/knowledge-sources/regulations');

function paragraphs(file: string): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ''))
    .filter((p) => p.length > 20);
}

const sentences = (p: string) => p.split(/(?<=[。；！？])/).filter((s) => s.trim().length > 4);

function corpus(): { title: string; paragraphs: string[] }[] {
  const reports = fs.readdirSync(reportsDir).filter((f) => f.endsWith('.txt'));
  const regulations = fs.readdirSync(regulationsDir).filter((f) => /\.(md|txt)$/.test(f)).slice(0, 10);
  return [
    ...reports.map((f) => ({ title: f.replace(/\.txt$/, ''), paragraphs: paragraphs(path.join(reportsDir, f)) })),
    ...regulations.map((f) => ({ title: f.replace(/\.\w+$/, ''), paragraphs: paragraphs(path.join(regulationsDir, f)) })),
  ];
}

describe('guardAnswer on the report and regulation texts', () => {
  const docs = corpus();

  it('accepts every sentence quoted from its passage and rejects it with one figure changed', () => {
    let quoted = 0;
    let mutated = 0;
    let caught = 0;
    let ms = 0;
    for (const doc of docs) {
      for (const text of doc.paragraphs) {
        const passage: Citation = { id: 'p', kind: 'report', title: doc.title, text, score: 1 };
        for (const s of sentences(text)) {
          const t0 = performance.now();
          const verdict = guardAnswer(`${s}[1]`, [passage]);
          ms += performance.now() - t0;
          quoted++;
          expect(verdict, s).toEqual({ ok: true });
          // Change the first Arabic figure by one, as a careless model might.
          const first = /\d+/.exec(s);
          if (!first) continue;
          const changed = String(Number(first[0]) + 1);
          const stillStated = statedNumbers(text).some((n) => n.form === changed);
          if (stillStated) continue;
          mutated++;
          const wrong = s.slice(0, first.index) + changed + s.slice(first.index + first[0].length);
          if (!guardAnswer(`${wrong}[1]`, [passage]).ok) caught++;
        }
      }
    }
    console.log(`guard: ${quoted} quoted sentences accepted, ${caught}/${mutated} changed figures caught, ${(ms / quoted).toFixed(3)} ms per answer`);
    expect(quoted).toBeGreaterThan(100);
    expect(mutated).toBeGreaterThan(20);
    expect(caught).toBe(mutated);
    expect(ms / quoted).toBeLessThan(1);
  });
});
