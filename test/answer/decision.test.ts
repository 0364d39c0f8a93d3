// The answer-or-decline stage and what feeds it: law scope, the off-topic screen, routing — on the real knowledge
// base with the learned files as shipped, and on small inputs whose answer is known.
import { describe, expect, it } from 'vitest';
import { decide, DECISION_FEATURES, FALLBACK_MIN_COVERAGE, type DecisionFeature } from '../../src/answer/decision.js';
import { LawScope } from '../../src/answer/law-scope.js';
import { HAND_SET_ROUTING, routingBoost, routingFeatures, ROUTING_FEATURES, type RoutingReading } from '../../src/answer/route.js';
import { screensOut } from '../../src/answer/screen.js';
import type { Chunk } from '../../src/domain.js';
import { loadLearned } from '../../src/knowledge/learned.js';
import { knowledgeDir } from '../helpers/paths.js';

const features = (over: Partial<Record<DecisionFeature, number>>) =>
  Object.fromEntries(DECISION_FEATURES.map((f) => [f, over[f] ?? 0])) as Record<DecisionFeature, number>;

describe('decide', () => {
  it('without a learned model falls back to the coverage rule', () => {
    expect(decide(undefined, features({ coverage: FALLBACK_MIN_COVERAGE })).answer).toBe(true);
    expect(decide(undefined, features({ coverage: FALLBACK_MIN_COVERAGE - 0.01 })).answer).toBe(false);
  });

  it('with the shipped model, evidence that points to a loaded law answers and evidence that points away declines', () => {
    const model = loadLearned(knowledgeDir).decision!;
    const strong = features({ top: 0.6, margin: 0.5, coverage: 1, textCoverage: 1, linkedMatch: 0.7, lawLoaded: 1, lawKnown: 3, dense: 0.3, length: 2.5 });
    const away = features({ top: 0.3, margin: 0.1, coverage: 0.4, textCoverage: 0.4, linkedMatch: 0.15, unknownShare: 0.4, missingTop: 0.4, lawLoaded: 0.1, lawElsewhere: 0.9, lawKnown: 4, lawUnknown: 0.3, length: 3 });
    expect(decide(model, strong).answer).toBe(true);
    expect(decide(model, away).answer).toBe(false);
    expect(decide(model, strong).confidence).toBeGreaterThan(decide(model, away).confidence);
  });
});

describe('LawScope', () => {
  const chunk = (shortTitle: string, questions: string[]): Chunk => ({ id: shortTitle, kind: 'regulation', title: shortTitle, shortTitle, article: '第一条', text: '', source: '', questions });
  const table: Record<string, [string, number][]> = { 离婚: [['民法典', 30]], 罚款: [['行政处罚法', 12], ['道路交通安全法', 4]] };
  const scope = LawScope.of(table, [chunk('行政处罚法', ['罚款去哪里交'])]);

  it.each([
    ['想离婚孩子归谁', 0],
    ['罚款能分期交吗', 1],
  ])('%s: share pointing to a loaded law %d', (q, loaded) => {
    const r = scope.read(q);
    if (loaded === 0) expect([r.loaded, r.elsewhere]).toEqual([0, 1]);
    else expect(r.loaded).toBeGreaterThan(0.7);
  });

  it("counts an article's written questions as one question, however many were written; asked ones one each", () => {
    const words = { 分期: [['民法典', 3]] } as Record<string, [string, number][]>;
    const one = LawScope.of(words, [chunk('行政处罚法', ['罚款能分期吗'])]).read('分期');
    const four = LawScope.of(words, [chunk('行政处罚法', ['罚款能分期吗', '罚款分期交', '交不起罚款能分期', '罚款可以分期付吗'])]).read('分期');
    expect(four.loaded).toBeCloseTo(one.loaded, 6);
    expect(one.loaded).toBeCloseTo(1 / 4, 6);
    const asked = LawScope.of(words, [{ ...chunk('行政处罚法', ['罚款能分期吗', '罚款分期交', '交不起罚款能分期']), asked: 3 }]).read('分期');
    expect(asked.loaded).toBeCloseTo(3 / 6, 6);
  });

  it('counts words that point nowhere, and says neither loaded nor elsewhere for them', () => {
    const r = scope.read('世界杯冠军是谁');
    expect(r.unknown).toBeGreaterThan(0);
    expect([r.loaded, r.elsewhere]).toEqual([0, 0]);
  });
});

describe('the off-topic screen as shipped', () => {
  const model = loadLearned(knowledgeDir).screen;
  it.each(['今天启东天气怎么样，要不要带伞', '帮我查一下快递到哪了', '你是机器人吗哈哈'])('declines %s before any search', (q) => {
    expect(screensOut(model, q)).toBe(true);
  });
  it.each(['罚款太多一下子交不起能分期吗', '开发区2023年开展了多少场普法活动', '邻居楼道里堆东西堵了消防通道怎么办'])('lets %s through', (q) => {
    expect(screensOut(model, q)).toBe(false);
  });
});

describe('routing', () => {
  const report: Chunk = { id: 'r', kind: 'report', title: '报告', text: '开展活动20余场。', source: '' };
  const law: Chunk = { id: 'l', kind: 'regulation', title: '中华人民共和国消防法', shortTitle: '消防法', article: '第二条', text: '……', source: '' };
  const reading = (over: Partial<RoutingReading>): RoutingReading => ({ aboutDistrict: false, wantsCount: false, wantsFigure: false, named: new Set(), mentions: () => false, ...over });

  it('reads the features it names', () => {
    expect(routingFeatures(report, reading({ aboutDistrict: true, wantsCount: true }))).toEqual([1, 1, 1, 1, 0, 0, 0]);
    expect(routingFeatures(law, reading({ named: new Set(['消防法']) }))).toEqual([0, 0, 0, 0, 0, 1, 0]);
    expect(ROUTING_FEATURES).toHaveLength(HAND_SET_ROUTING.length);
  });

  it('the learned weights favour the report for a question about what the district counted', () => {
    const w = loadLearned(knowledgeDir).routing!.weights;
    const boost = routingBoost(w, reading({ aboutDistrict: true, wantsCount: true, wantsFigure: true }));
    expect(boost(report)).toBeGreaterThan(boost(law));
  });
});
