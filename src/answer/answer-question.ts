// The way of a question: understand → (staff lookup) → resolve follow-ups → check years → retrieve →
// decide (answer or refuse) → compose. The bot, every channel and the CLI call answerQuestion.
import type { Answer, AnswerContext, AnswerStreamEvent, Chunk, Report } from '../domain.js';
import type { CatalogueEntry } from '../knowledge/catalogue.js';
import type { DecisionModel, ScreenModel } from '../knowledge/learned.js';
import { expandQuery, type QueryExpansion, type Thesaurus } from '../knowledge/thesaurus.js';
import { wordBoundaries } from '../search/tokenizer.js';
import type { HybridSearch, Hit } from '../search/retriever.js';
import { composeExtractive, hasFigure } from './compose.js';
import { compact } from '../search/text.js';
import { decide, decisionFeatures, type Decision } from './decision.js';
import type { LawScope } from './law-scope.js';
import { screensOut } from './screen.js';
import { HAND_SET_ROUTING, ROUTING_CANDIDATES, routingBoost, type RoutingReading } from './route.js';
import { resolveFollowUp } from './follow-up.js';
import { fillPrompt, loadPrompt } from './prompts.js';
import type { RegulationNameIndex } from './regulation-names.js';
import { suggestFollowUps } from './suggestions.js';
import { understand, type Refusable, type Understanding } from './understand.js';
import { readDistrict, reportFirst, withoutDistrictTerms } from './report/district.js';
import { askedForms, withoutAskWords } from './report/question-form.js';
import { checkAsks, unstated } from './report/partial.js';
import { reportScope, withoutTimeWords, type ReportScope } from './report/year-scope.js';
import type { ModelAnswering } from './model/index.js';


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

/** What retrieval decided: a final answer (refusal, staff table), or an extractive one a model may reword. */
interface Prepared {
  answer: Answer;
  /** Set when a model may compose from this answer's passages. */
  composable?: { question: string };
  /**
   * What the extractive answer says around its quotes — which report year it is, that these are plans,
   * what the report does not state — kept around a model's wording of the same passages too.
   */
  frame?: { before: string; after: string };
}

/** A model's answer inside the frame the extractive one had; the extractive answer (a fallback) as it is. */
function framed(composed: Answer, prepared: Prepared): Answer {
  const { frame } = prepared;
  if (!frame || composed.answer === prepared.answer.answer) return { ...composed, suggestions: prepared.answer.suggestions };
  return { ...composed, answer: `${frame.before}${composed.answer}${frame.after ? `\n${frame.after}` : ''}`, suggestions: prepared.answer.suggestions };
}

/** The prompts/ file that says no, for each kind of question we do not answer. */
function refusalPrompt(kind: Refusable): string {
  return kind === 'empty' ? 'empty-question' : kind === 'off-topic' ? 'refusal' : `refusal-${kind}`;
}

function refusal(text: string, suggestions: string[] = []): Answer {
  return { answered: false, answer: text, citations: [], suggestions };
}

function defaultSuggestions(deps: AnswerDeps): string[] {
  const y = deps.reports[0]?.year;
  return [y ? `${y}年开发区组织了几次学法？` : '', '我被罚款了不服怎么办？', '法律援助要不要花钱？'].filter(Boolean);
}

/** A regulation the catalogue lists but whose text is not loaded: what we can say instead of its articles. */
function notLoadedNote(u: Understanding, deps: AnswerDeps): { title: string; note: string } | undefined {
  const named = u.regulations.find((r) => !r.loadedShortTitle);
  if (!named || u.regulations.some((r) => r.loadedShortTitle)) return undefined;
  const entry = deps.catalogue.find((e) => e.title === named.title);
  const note = fillPrompt(loadPrompt('not-loaded'), { title: named.title, publishedAt: entry?.publishedAt || '发布机关的官方网站' });
  return { title: named.title, note };
}

/** Filler a resident puts inside a phrase the thesaurus knows: "租我的银行卡" is "租银行卡". */
const FILLER = /我的|你的|他的|她的|我们的|我|了|的/g;

/** Thesaurus expansion on whole words only, also with filler words taken out. */
function residentWords(norm: string, thesaurus: Thesaurus): QueryExpansion {
  const text = compact(norm);
  const stripped = text.replace(FILLER, '');
  const a = expandQuery(text, thesaurus, { boundaries: wordBoundaries(text) });
  if (stripped === text) return a;
  const b = expandQuery(stripped, thesaurus, { boundaries: wordBoundaries(stripped) });
  return { terms: [...new Set([...a.terms, ...b.terms])], matched: [...new Set([...a.matched, ...b.matched])] };
}

/** The article a question names with its regulation ("行政处罚法第七条"), looked up directly. */
function articleHits(u: Understanding, deps: AnswerDeps): Hit[] | undefined {
  const short = u.regulations.find((r) => r.loadedShortTitle)?.loadedShortTitle;
  if (!u.article || !short) return undefined;
  const chunks = deps.search.chunks.filter((c) => c.shortTitle === short && c.article === u.article);
  return chunks.length ? chunks.map((chunk) => ({ chunk, score: 1, bm25: 0, dense: 1 })) : undefined;
}

export async function answerQuestion(raw: string, deps: AnswerDeps, ctx: AnswerContext = {}): Promise<Answer> {
  const prepared = await prepareAnswer(raw, deps, ctx);
  if (!prepared.composable || !deps.model) return prepared.answer;
  const composed = await deps.model.composer.compose(prepared.composable.question, prepared.answer, prepared.answer.citations, ctx.history ?? []);
  return framed(composed, prepared);
}

/** The same answer as events: model tokens as they come (when a model is configured), then the Answer. */
export async function* streamAnswer(raw: string, deps: AnswerDeps, ctx: AnswerContext = {}): AsyncGenerator<AnswerStreamEvent> {
  const prepared = await prepareAnswer(raw, deps, ctx);
  if (!prepared.composable || !deps.model) {
    yield { type: 'answer', answer: prepared.answer };
    return;
  }
  for await (const ev of deps.model.composer.stream(prepared.composable.question, prepared.answer, prepared.answer.citations, ctx.history ?? [])) {
    yield ev.type === 'answer' ? { type: 'answer', answer: framed(ev.answer, prepared) } : ev;
  }
}

async function prepareAnswer(raw: string, deps: AnswerDeps, ctx: AnswerContext): Promise<Prepared> {
  const final = (answer: Answer): Prepared => ({ answer });
  const now = ctx.now ?? new Date();
  const first = understand(raw, deps.names, now);
  if (first.refuse === 'empty') return final(refusal(loadPrompt('empty-question'), defaultSuggestions(deps)));
  if (first.refuse) return final(refusal(loadPrompt(refusalPrompt(first.refuse)), defaultSuggestions(deps)));

  const followUp = resolveFollowUp(first.question, ctx.history);
  // Rules first (they also know "还有呢" means other passages); a model rewrites what they leave alone.
  if (!followUp.rewritten && deps.model && ctx.history?.length) {
    const rewritten = await deps.model.rewrite(ctx.history, first.question);
    if (rewritten && rewritten !== first.question) Object.assign(followUp, { text: rewritten, rewritten: true });
  }
  const u = followUp.rewritten ? understand(followUp.text, deps.names, now) : first;
  if (u.refuse) return final(refusal(loadPrompt(refusalPrompt(u.refuse)), defaultSuggestions(deps)));

  // "还有呢" asks for other passages than the ones shown: the structured lookup would repeat itself.
  const staff = followUp.exclude ? undefined : deps.staff?.(u.question, now);
  if (staff) return final(staff);
  if (screensOut(deps.screen, u.question)) return final(refusal(loadPrompt('refusal'), defaultSuggestions(deps)));

  const scope = reportScope({ norm: u.norm, namesLoadedRegulation: u.regulations.some((r) => r.loadedShortTitle) }, deps.reports, now);
  if (scope.refuse) return final(refusal(scope.refuse, defaultSuggestions(deps)));
  const scoped = await answerFromPassages(u, deps, followUp, scope);
  if (scoped !== NOTHING_RELIABLE) return scoped;
  // The scope was a preference (a plan question without a year): the question may still be answered elsewhere.
  const open = scope.otherwise === 'unscoped' ? await answerFromPassages(u, deps, followUp, {}) : NOTHING_RELIABLE;
  if (open !== NOTHING_RELIABLE) return open;
  const declined = typeof scope.otherwise === 'object' ? scope.otherwise.refuse : loadPrompt('refusal');
  return final(refusal(declined, defaultSuggestions(deps)));
}

/** A note after the quote, before the legal disclaimer when there is one. */
function withNote(text: string, note: string): string {
  const disclaimer = loadPrompt('disclaimer');
  return text.endsWith(`\n${disclaimer}`) ? `${text.slice(0, -disclaimer.length - 1)}\n${note}\n${disclaimer}` : `${text}\n${note}`;
}

/** What answerFromPassages returns when the passages do not answer the question. */
const NOTHING_RELIABLE = Symbol('nothing reliable');

/** Retrieve within a scope → decide (answer or decline) → compose the extractive answer. */
async function answerFromPassages(
  u: Understanding,
  deps: AnswerDeps,
  followUp: { exclude?: Set<string> },
  scope: ReportScope,
): Promise<Prepared | typeof NOTHING_RELIABLE> {
  const final = (answer: Answer): Prepared => ({ answer });

  // For a catalogued text we do not hold, the report's own words about it are the answer.
  const notLoaded = notLoadedNote(u, deps);
  const bare = (t: string) => t.replace(/[^\p{Script=Han}\w]/gu, '');
  const mentions = (c: Chunk) => !!notLoaded && c.kind === 'report' && bare(c.text).includes(bare(notLoaded.title));

  const expansion = residentWords(u.norm, deps.thesaurus);
  const named = new Set(u.regulations.flatMap((r) => (r.loadedShortTitle ? [r.loadedShortTitle] : [])));
  // Years choose the report (scope above); as words they would only favour passages that say "2023年".
  // Place words ("开发区") likewise: they say "the report", so they favour report passages as a whole
  // instead of favouring the one passage that happens to repeat the district's name.
  const district = readDistrict(withoutTimeWords(u.question));
  const { text, aboutDistrict } = district;
  // The district's own doings are in the report, the rules in the laws: learned routing weights say how much.
  const reading: RoutingReading = { aboutDistrict, wantsCount: u.wantsCount, wantsFigure: u.wantsFigure, named, mentions };
  const direct = articleHits(u, deps);
  const search = (only?: (c: Chunk) => boolean, k = 8, routed = true) =>
    deps.search.search({
      text,
      expansions: withoutDistrictTerms(expansion.terms),
      ...(scope.filter || only ? { filter: (c: Chunk) => (scope.filter?.(c) ?? true) && (only?.(c) ?? true) } : {}),
      ...(followUp.exclude ? { exclude: followUp.exclude } : {}),
      ...(routed ? { boost: routingBoost(deps.routing ?? HAND_SET_ROUTING, reading) } : {}),
      k,
    });
  // npm run learn fits the routing weights on the candidates as the ranker alone orders them.
  if (deps.observeRouting && !direct) deps.observeRouting(await search(undefined, ROUTING_CANDIDATES, false), reading);
  const found = direct ?? (await search());
  const hits = direct || named.size || !district.districtFirst ? found : await reportFirst(found, () => search((c) => c.kind === 'report', 3));
  if (hits.length === 0) return NOTHING_RELIABLE;
  if (notLoaded && !hits.some((h) => mentions(h.chunk))) {
    return final({ answered: true, answer: notLoaded.note, citations: [], suggestions: defaultSuggestions(deps) });
  }

  if (!direct && !notLoaded) {
    const bridges = (w: string) => (expansion.matched.some((m: string) => m.includes(w) || w.includes(m)) ? expansion.terms : []);
    const asked = withoutAskWords(text);
    const features = decisionFeatures({
      text: asked,
      hits,
      bm25: deps.search.bm25,
      vocabulary: deps.search.lexical.linked,
      scope: deps.scope?.read(asked) ?? { loaded: 0.5, known: 0, unknown: 0 },
      bridges,
      namedLaw: named.size > 0,
    });
    const decision = decide(deps.decision, features);
    deps.observe?.(decision, u.question);
    if (!decision.answer) return NOTHING_RELIABLE;
  }

  const { answer, quoted } = composeExtractive({
    question: u.question,
    expansions: expansion.terms,
    hits,
    bm25: deps.search.bm25,
    wantsFigure: u.wantsFigure,
    forms: askedForms(u.question),
    reportFirst: district.districtFirst && !named.size,
    disclaimer: loadPrompt('disclaimer'),
    ...(scope.preface ? { preface: scope.preface } : {}),
    ...(scope.plans ? { wholePassage: true } : {}),
  });
  // A figure question answered from the report must quote a figure; otherwise the report does not state
  // it — unless the report speaks of the question's subject: then it says what it does say, and what not.
  const fromReport = quoted.length > 0 && hits[quoted[0]!.hit]!.chunk.kind === 'report';
  const checks = fromReport && !direct ? checkAsks(u.question, [...new Set(quoted.map((s) => hits[s.hit]!.chunk.text))], deps.search.bm25) : [];
  const notStated = unstated(checks);
  const figureMissing = u.wantsFigure && !direct && quoted.every((s) => hits[s.hit]!.chunk.kind === 'report') && !quoted.some((s) => hasFigure(s.text));
  if (figureMissing && notStated.length === 0) return NOTHING_RELIABLE;
  const note = notStated.length > 0 ? fillPrompt(loadPrompt('partial-note'), { asks: notStated.join('；') }) : '';
  if (note) answer.answer = withNote(answer.answer, note);
  if (notLoaded) answer.answer += `\n${notLoaded.note}`;
  answer.suggestions = suggestFollowUps(answer, deps.reports, u.question);
  const before = fromReport && scope.preface ? scope.preface : '';
  return { answer, composable: { question: u.question }, ...(before || note ? { frame: { before, after: note } } : {}) };
}
