// Routing between the report and the laws: what the district did is in the report, what the rules are is in
// the laws. A few facts about the question and the passage (the question names the district, counts
// something, names a law; the passage is the report's, states a figure) shift the learned ranker's score by
// weights fitted on our own labelled questions (knowledge/learned/routing.json, npm run learn) — not by hand.
import type { Chunk } from '../domain.js';
import type { RoutingModel } from '../knowledge/learned.js';
import { hasFigure } from './compose.js';

export interface RoutingReading {
  /** The question names the district or the report. */
  aboutDistrict: boolean;
  /** It asks how many (cases, visits, companies …). */
  wantsCount: boolean;
  /** It asks for a number. */
  wantsFigure: boolean;
  /** Loaded laws it names. */
  named: ReadonlySet<string>;
  /** A catalogued text it names that is not loaded: report passages that mention it answer instead. */
  mentions: (c: Chunk) => boolean;
}

/** How many of the ranker's candidates routing is fitted on: well past the eight an answer reads. */
export const ROUTING_CANDIDATES = 30;

export const ROUTING_FEATURES = [
  'report', // a report passage, for a question that names no law
  'reportAboutDistrict', // … and the question names the district
  'reportCount', // … and it asks how many
  'reportCountFigure', // … and the passage states a figure
  'reportFigureAsked', // a figure question (not a count), a report passage with a figure
  'namedLaw', // a passage of the law the question names
  'mentionsNotLoaded', // a report passage naming the catalogued text the question asks about
] as const;

export function routingFeatures(c: Chunk, r: RoutingReading): number[] {
  const report = c.kind === 'report' && r.named.size === 0;
  const figure = report && hasFigure(c.text);
  return [
    report ? 1 : 0,
    report && r.aboutDistrict ? 1 : 0,
    report && r.wantsCount ? 1 : 0,
    figure && r.wantsCount ? 1 : 0,
    figure && r.wantsFigure && !r.wantsCount ? 1 : 0,
    c.shortTitle && r.named.has(c.shortTitle) ? 1 : 0,
    r.mentions(c) ? 1 : 0,
  ];
}

/**
 * Without routing.json: the multipliers the project used before they were learned (×1.8 for a named law or a
 * question naming the district, ×1.6/×1.2 for counts, ×1.25 for figures, ×2 for a not-loaded text's mention),
 * as log weights. Kept so a deployment without the learned file behaves as before. Hand-set, not fitted: the
 * weights in use are knowledge/learned/routing.json, fitted by src/cli/learn-routing.ts (npm run learn), which also
 * reports how these hand-set ones do on the same held-out questions; npm run eval -- --ablate routing shows them.
 */
export const HAND_SET_ROUTING = [0, Math.log(1.8), Math.log(1.2), Math.log(1.6 / 1.2), Math.log(1.25), Math.log(1.8), Math.log(2)];

export function routingWeights(model: RoutingModel | undefined): number[] {
  if (!model) return HAND_SET_ROUTING;
  return ROUTING_FEATURES.map((name) => {
    const i = model.features.indexOf(name);
    return i >= 0 ? model.weights[i]! : 0;
  });
}

/** The multiplier the search applies to a passage's chance (exp of the weighted routing features). */
export function routingBoost(weights: readonly number[], r: RoutingReading): (c: Chunk) => number {
  return (c) => Math.exp(routingFeatures(c, r).reduce((s, x, i) => s + x * weights[i]!, 0));
}
