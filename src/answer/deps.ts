// What the answer core is given (AnswerDeps) and what its stages hand on (AnswerState, Prepared).
import type { Answer, AnswerContext, Report } from '../domain.js';
import type { CatalogueEntry } from '../knowledge/catalogue.js';
import type { DecisionModel, ScreenModel } from '../knowledge/learned.js';
import type { Thesaurus } from '../knowledge/thesaurus.js';
import type { HybridSearch, Hit } from '../search/retriever.js';
import type { Decision } from './decision.js';
import type { ResolvedQuestion } from './follow-up.js';
import type { LawScope } from './law-scope.js';
import type { ModelAnswering } from './model/index.js';
import type { RegulationNameIndex } from './regulation-names.js';
import type { RoutingReading } from './route.js';
import type { Understanding } from './understand.js';

export interface AnswerDeps {
  search: HybridSearch;
  reports: readonly Report[];
  catalogue: readonly CatalogueEntry[];
  thesaurus: Thesaurus;
  names: RegulationNameIndex;
  /** Staff lookups (measures, figures tables, plans) answered from the structured reports. */
  staff?: (question: string, now: Date) => Answer | undefined;
  /** A chat model (LLM_PROVIDER), when configured: rewrites follow-ups and words the answer. */
  model?: ModelAnswering;
  /** The learned answer-or-decline model (knowledge/learned/decision.json); without it, the coverage rule. */
  decision?: DecisionModel;
  /** Which laws a question's words point to, and whether they are loaded (a decision feature). */
  scope?: LawScope;
  /** The off-topic screen (knowledge/learned/screen.json): small talk, services, news are declined before search. */
  screen?: ScreenModel;
  /** Routing weights (src/answer/route.ts), learned; without them, the hand-set ones. */
  routing?: readonly number[];
  /** Sees the unrouted candidates of every search and how the question reads (npm run learn fits routing on them). */
  observeRouting?: (candidates: Hit[], reading: RoutingReading) => void;
  /** Sees every answer-or-decline decision (npm run learn records the features; tests look at them). */
  observe?: (decision: Decision, question: string) => void;
}

/** One question on its way through the stages (src/answer/pipeline.ts); each stage fills in what it reads. */
export interface AnswerState {
  readonly deps: AnswerDeps;
  readonly ctx: AnswerContext;
  readonly now: Date;
  /** The question as read: the standalone one once a follow-up is resolved. */
  u: Understanding;
  /** The follow-up resolution (rules, then a model); `rewritten` false for a question that stands alone. */
  followUp: ResolvedQuestion;
}

/** What the stages decided: a final answer (refusal, staff table), or an extractive one a model may reword. */
export interface Prepared {
  answer: Answer;
  /** Set when a model may compose from this answer's passages. */
  composable?: { question: string };
  /**
   * What the extractive answer says around its quotes — which report year it is, that these are plans,
   * what the report does not state — kept around a model's wording of the same passages too.
   */
  frame?: { before: string; after: string };
}

/** A stage hands on the state, or ends the way with what is to be said. */
export type StageResult = AnswerState | Prepared;

export const isPrepared = (r: StageResult): r is Prepared => 'answer' in r;
