// The off-topic screen (src/answer/screen.ts), fitted from labelled examples:
//   off topic — knowledge/screen/off-topic.jsonl (small talk, everyday topics, services, news);
//   in scope  — the project's linked questions (knowledge/linked-questions), STARD's questions of folds 1–4, and
//               the answerable questions of our own sets' tune part.
// Naive Bayes over words and character pairs; the threshold is the lowest 0.5 % of our own answerable
// questions' out-of-fold odds (5 folds), so at most that share of them would be screened out.
import fs from 'node:fs';
import path from 'node:path';
import { screenFeatures } from '../answer/screen.js';
import { loadLinkedQuestions } from '../knowledge/linked-questions.js';
import type { GoldQuestion } from '../search/learn/folds-corpus.js';
import { foldOf } from '../search/learn/folds.js';
import { fitNaiveBayesMixture, meanLogOdds } from '../search/learn/naive-bayes.js';
import { ownQuestions } from './learn-decision.js';

/**
 * Most in-scope questions the screen may turn away (out of fold). Half a percent: a resident turned away before
 * any search is the worst refusal there is, and the tail of ~200 residents' questions is only a few of them.
 */
export const MAX_SCREENED_IN_SCOPE = 0.005;

export function learnScreen(knowledgeDir: string, stard: readonly GoldQuestion[], repo: string, shared: string, say: (s: string) => unknown) {
  const offTopic = fs
    .readFileSync(path.join(knowledgeDir, 'screen', 'off-topic.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { q: string }).q);
  const groups: Record<string, string[]> = {
    'linked questions': loadLinkedQuestions(knowledgeDir).questions.map((q) => q.q),
    'STARD folds 1–4': stard.filter((q) => foldOf(q.id) !== 0).map((q) => q.q),
    'own answerable (tune)': ownQuestions(repo, shared).filter((q) => q.answerable).map((q) => q.q),
  };
  const inScope = Object.values(groups).flat();
  const source = Object.values(groups).flatMap((texts, g) => texts.map(() => g));
  /** In scope as a mixture of its sources, each weighing alike (fitNaiveBayesMixture). */
  const fit = (inTexts: string[], inSource: number[], off: string[]) =>
    fitNaiveBayesMixture(
      Object.keys(groups).map((_, g) => inTexts.filter((_, i) => inSource[i] === g).map(screenFeatures)),
      off.map(screenFeatures),
    );
  const oof = (texts: string[], other: string[], isIn: boolean): number[] => {
    const odds: number[] = [];
    for (let f = 0; f < 5; f++) {
      const keep = (_: unknown, i: number) => i % 5 !== f;
      const table = isIn ? fit(texts.filter(keep), source.filter(keep), other.filter(keep)) : fit(other.filter(keep), source.filter(keep), texts.filter(keep));
      texts.forEach((t, i) => i % 5 === f && (odds[i] = meanLogOdds(table, screenFeatures(t))));
    }
    return odds;
  };
  const inOdds = oof(inScope, offTopic, true);
  const offOdds = oof(offTopic, inScope, false);
  // The threshold comes from the residents' own answerable questions: written and legal-consultation questions
  // are more formal than what residents type, and a threshold set on them would turn away casual questions.
  const own = groups['own answerable (tune)']!;
  const sorted = inOdds.slice(inScope.length - own.length).sort((a, b) => a - b);
  const threshold = sorted[Math.floor(MAX_SCREENED_IN_SCOPE * sorted.length)]! - 1e-6;
  const outOfFold: Record<string, number> = { 'off topic: screened out': offOdds.filter((o) => o < threshold).length / offOdds.length };
  let at = 0;
  for (const [name, texts] of Object.entries(groups)) {
    outOfFold[`${name}: let through`] = inOdds.slice(at, at + texts.length).filter((o) => o >= threshold).length / texts.length;
    at += texts.length;
  }
  for (const [k, v] of Object.entries(outOfFold)) say(`  screen ${k.padEnd(40)} ${v.toFixed(3)} (out of fold)\n`);
  const table = fit(inScope, source, offTopic);
  return { threshold: Math.round(threshold * 1000) / 1000, weights: table.weights, outOfFold: Object.fromEntries(Object.entries(outOfFold).map(([k, v]) => [k, Math.round(v * 1000) / 1000])), counts: { inScope: inScope.length, offTopic: offTopic.length } };
}
