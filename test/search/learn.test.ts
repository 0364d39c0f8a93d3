// The learning pieces behind knowledge/learned/: each on small data whose answer is known.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLearned } from '../../src/knowledge/learned.js';
import { crossBridge } from '../../src/search/bridge.js';
import { FEATURES } from '../../src/search/features.js';
import { SHIP_BRIDGE } from '../../src/search/learn/folds-corpus.js';
import { foldOf } from '../../src/search/learn/folds.js';
import { learnBridge } from '../../src/search/learn/ibm1.js';
import { fitRanker } from '../../src/search/learn/fit-ranker.js';
import { firstRelevantRank, fitListwise } from '../../src/search/learn/listwise.js';
import { fitLogistic } from '../../src/search/learn/logistic.js';
import { LearnedRanker, RANKER_TERMS } from '../../src/search/ranker.js';
import { tempDir } from '../helpers/paths.js';

describe('learnBridge (IBM Model 1)', () => {
  const pairs = [
    { question: ['房东', '押金'], article: ['出租人', '租赁', '押金'] },
    { question: ['房东', '涨租'], article: ['出租人', '租金'] },
    { question: ['房东', '修房子'], article: ['出租人', '维修'] },
    { question: ['老板', '押金'], article: ['用人单位', '押金'] },
    { question: ['老板', '工资'], article: ['用人单位', '劳动报酬'] },
  ];
  const table = learnBridge(pairs);

  it('gives a question word most of the statute word it always travels with', () => {
    expect(table.entries['房东']![0]![0]).toBe('出租人');
    expect(table.entries['老板']![0]![0]).toBe('用人单位');
  });

  it('never maps a word to itself, and keeps rare question words out', () => {
    expect((table.entries['押金'] ?? []).some(([w]) => w === '押金')).toBe(false);
    expect(table.entries['涨租']).toBeUndefined();
  });

  it('crossBridge adds the statute words a question points to, strongest 1.0, none it already says', () => {
    const { words } = crossBridge(table, '房东不退押金怎么办');
    expect(words.get('出租人')).toBe(1);
    expect(words.has('押金')).toBe(false);
  });
});

describe('fitListwise', () => {
  it('learns which feature marks the answering candidate', () => {
    // Feature 0 is noise, feature 1 marks the relevant one.
    const examples = Array.from({ length: 40 }, (_, i) => ({
      features: [
        [((i * 7) % 5) / 5, 0],
        [((i * 3) % 5) / 5, 1],
        [((i * 11) % 5) / 5, 0],
      ],
      relevant: [false, true, false],
    }));
    const w = fitListwise(examples, 2);
    expect(w[1]!).toBeGreaterThan(Math.abs(w[0]!));
    expect(examples.every((e) => firstRelevantRank(e, w) === 0)).toBe(true);
  });
});

describe('fitRanker', () => {
  it('learns from the products of features what no weight per feature can say', () => {
    // The answer is moderate on two features; each decoy is strong on one, or on none. Weights per feature
    // cannot put the answer above all of them (w0 + w1 ≤ max(2·w0, 2·w1, 0)); the product linked*text can.
    const at = (values: Record<string, number>) => FEATURES.map((n) => values[n] ?? 0);
    const examples = Array.from({ length: 30 }, () => ({
      features: [at({ linked: 2 }), at({ text: 2 }), at({}), at({ linked: 1, text: 1 })],
      relevant: [false, false, false, true],
    }));
    const crossed = LearnedRanker.from(fitRanker(examples), 'test');
    expect(examples.every((e) => firstRelevantRank(e, (f) => crossed.score(f)) === 0)).toBe(true);
    expect(crossed.weight('linked*text')).toBeGreaterThan(0);
    const linear = fitListwise(examples, FEATURES.length);
    expect(firstRelevantRank(examples[0]!, linear)).toBeGreaterThan(0);
  });
});

describe('fitLogistic', () => {
  it('separates two classes and balances unequal counts', () => {
    const xs = [...Array.from({ length: 90 }, (_, i) => [i % 10 < 9 ? 0.2 : 0.6]), ...Array.from({ length: 10 }, () => [0.9])];
    const ys = [...Array.from({ length: 90 }, () => false), ...Array.from({ length: 10 }, () => true)];
    const m = fitLogistic(xs, ys, { balance: true });
    expect(m.predict([0.9])).toBeGreaterThan(0.5);
    expect(m.predict([0.2])).toBeLessThan(0.5);
  });
});

describe('folds', () => {
  it('puts a question in the same fold whatever the order, and spreads ids over all folds', () => {
    expect(foldOf('T42')).toBe(foldOf('T42'));
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < 1000; i++) counts[foldOf(`T${i}`)]!++;
    for (const c of counts) expect(c).toBeGreaterThan(150);
  });
});

describe('learned model files', () => {
  it('are read by feature name, and a broken file is named and ignored', () => {
    const dir = tempDir('qd-learned-');
    fs.mkdirSync(path.join(dir, 'learned'));
    const source = { script: 's', data: 'd', folds: 'f', learnedAt: '2026-12-01' };
    fs.writeFileSync(path.join(dir, 'learned', 'ranker.json'), JSON.stringify({ source, features: ['text', 'no-such-feature'], weights: [2, 5] }));
    fs.writeFileSync(path.join(dir, 'learned', 'decision.json'), '{"not": "a model"}');
    const learned = loadLearned(dir);
    const ranker = LearnedRanker.from(learned.ranker!);
    expect(ranker.weight('text')).toBe(2);
    expect(ranker.score(FEATURES.map(() => 1))).toBe(2);
    expect(learned.decision).toBeUndefined();
    expect(learned.problems.map((p) => path.basename(p.file))).toEqual(['decision.json']);
  });

  it('the shipped files parse and say where they came from', () => {
    const learned = loadLearned(path.resolve('knowledge'));
    expect(learned.problems).toEqual([]);
    for (const m of [learned.ranker, learned.decision, learned.lawWords, learned.routing, learned.screen]) {
      expect(m?.source.script).toContain('npm run learn');
    }
    // The bridge ships only when it helps on untouched folds (SHIP_BRIDGE), and then the ranker was fitted with it.
    expect(learned.bridge !== undefined).toBe(SHIP_BRIDGE);
    expect(learned.ranker!.features).toEqual([...RANKER_TERMS]);
  });
});
