// What npm run learn fits from data, kept as reviewable files in knowledge/learned/ and checked here:
//   ranker.json    weights of the learned ranker over candidate features (src/search/features.ts)
//   bridge.json    the lay-to-legal bridge: question word → statute words with probabilities
//   decision.json  the answer-or-decline model: weights over retrieval features and its threshold
//   routing.json   how much the report or a named law is preferred, by what the question asks
//   screen.json    the off-topic screen (small talk, services, news: never ours to answer)
//   law-words.json which law people mean by a question word (counts), so a question about a law not loaded shows
// Each says where it came from (script, data, folds) and what it scored on questions it did not see.
// A missing file is not fatal: the search falls back to its plain order, the decision to its default.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const LEARNED_DIR = 'learned';

const provenance = z.object({
  script: z.string(),
  data: z.string(),
  folds: z.string(),
  learnedAt: z.string(),
});

/** Weights by feature name, read by name: the ranker's (src/search/features.ts) and the routing's. */
const linearWeightsSchema = z.object({
  description: z.string().optional(),
  source: provenance,
  features: z.array(z.string()).min(1),
  weights: z.array(z.number()).min(1),
  /** Figures on held-out folds, as the script measured them. */
  heldOut: z.record(z.string(), z.number()).optional(),
});

export const rankerSchema = linearWeightsSchema;

export const bridgeSchema = z.object({
  description: z.string().optional(),
  source: provenance,
  entries: z.record(z.string(), z.array(z.tuple([z.string(), z.number().min(0).max(1)]))),
});

/** Weights of the routing features (src/answer/route.ts), added to the ranker's score. */
export const routingSchema = linearWeightsSchema;

/** The off-topic screen: log-odds per feature (in scope over off topic) and the threshold below which it declines. */
export const screenSchema = z.object({
  description: z.string().optional(),
  source: provenance,
  threshold: z.number(),
  weights: z.record(z.string(), z.number()),
  outOfFold: z.record(z.string(), z.number()).optional(),
});

/** Which law people mean by a word: counts of (question word, law of its answering article). */
export const lawWordsSchema = z.object({
  description: z.string().optional(),
  source: provenance,
  words: z.record(z.string(), z.array(z.tuple([z.string(), z.number().int().positive()]))),
});

export const decisionSchema = z.object({
  description: z.string().optional(),
  source: provenance,
  features: z.array(z.string()).min(1),
  /** Logistic regression: P(answerable) = σ(bias + Σ w·x) over standardised features. */
  weights: z.array(z.number()).min(1),
  bias: z.number(),
  mean: z.array(z.number()),
  scale: z.array(z.number()),
  /** Answer when P(answerable) ≥ threshold (chosen on folds for at most 5 % false refusals). */
  threshold: z.number().min(0).max(1),
  /** Share decided right per group of questions, each predicted by a model fitted without it (5 folds). */
  outOfFold: z.record(z.string(), z.number()).optional(),
});

export type RankerModel = z.infer<typeof rankerSchema>;
export type BridgeModel = z.infer<typeof bridgeSchema>;
export type DecisionModel = z.infer<typeof decisionSchema>;
export type LawWordsModel = z.infer<typeof lawWordsSchema>;
export type RoutingModel = z.infer<typeof routingSchema>;
export type ScreenModel = z.infer<typeof screenSchema>;

export interface LearnedModels {
  ranker?: RankerModel;
  bridge?: BridgeModel;
  decision?: DecisionModel;
  lawWords?: LawWordsModel;
  routing?: RoutingModel;
  screen?: ScreenModel;
  /** Files that exist but do not parse: named in the log, then ignored. */
  problems: { file: string; reason: string }[];
}

function read<T>(file: string, schema: z.ZodType<T>, problems: LearnedModels['problems']): T | undefined {
  if (!fs.existsSync(file)) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (parsed.success) return parsed.data;
    problems.push({ file, reason: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).slice(0, 3).join('; ') });
  } catch (err) {
    problems.push({ file, reason: err instanceof Error ? err.message : String(err) });
  }
  return undefined;
}

export function loadLearned(knowledgeDir: string): LearnedModels {
  const dir = path.join(knowledgeDir, LEARNED_DIR);
  const problems: LearnedModels['problems'] = [];
  const out: LearnedModels = { problems };
  const ranker = read(path.join(dir, 'ranker.json'), rankerSchema, problems);
  if (ranker && ranker.features.length !== ranker.weights.length) problems.push({ file: 'ranker.json', reason: 'features and weights differ in length' });
  else if (ranker) out.ranker = ranker;
  const bridge = read(path.join(dir, 'bridge.json'), bridgeSchema, problems);
  if (bridge) out.bridge = bridge;
  const decision = read(path.join(dir, 'decision.json'), decisionSchema, problems);
  if (decision) out.decision = decision;
  const lawWords = read(path.join(dir, 'law-words.json'), lawWordsSchema, problems);
  if (lawWords) out.lawWords = lawWords;
  const routing = read(path.join(dir, 'routing.json'), routingSchema, problems);
  if (routing) out.routing = routing;
  const screen = read(path.join(dir, 'screen.json'), screenSchema, problems);
  if (screen) out.screen = screen;
  return out;
}
