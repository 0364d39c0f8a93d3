// Retrieve: the passages for a question within a report scope — the article it names looked up directly,
// else the hybrid search with the resident's words expanded by the thesaurus, routed between the report
// and the laws by learned weights, the report's passages first when it asks what the district did.
import type { Chunk } from '../../domain.js';
import { expandQuery, type QueryExpansion, type Thesaurus } from '../../knowledge/thesaurus.js';
import { answerLexicon, inOrder } from '../../knowledge/lexicons.js';
import type { Hit } from '../../search/retriever.js';
import { compact } from '../../search/text.js';
import { wordBoundaries } from '../../search/tokenizer.js';
import type { AnswerDeps, AnswerState, Prepared } from '../deps.js';
import { fillPrompt, loadPrompt } from '../prompts.js';
import { readDistrict, reportFirst, withoutDistrictTerms, type DistrictReading } from '../report/district.js';
import { withoutTimeWords, type ReportScope } from '../report/year-scope.js';
import { HAND_SET_ROUTING, ROUTING_CANDIDATES, routingBoost, type RoutingReading } from '../route.js';
import type { Understanding } from '../understand.js';
import { final } from './refusal.js';

/** What retrieval found, and how it read the question: the decision and the composer go on from here. */
export interface PassageState extends AnswerState {
  scope: ReportScope;
  /** A catalogued text the question names whose full text is not loaded: what we can say instead. */
  notLoaded: { title: string; note: string } | undefined;
  expansion: QueryExpansion;
  /** Loaded laws the question names. */
  named: ReadonlySet<string>;
  district: DistrictReading;
  /** The article the question names, looked up rather than searched. */
  direct: Hit[] | undefined;
  hits: Hit[];
}

/** A regulation the catalogue lists but whose text is not loaded: what we can say instead of its articles. */
function notLoadedNote(u: Understanding, deps: AnswerDeps): { title: string; note: string } | undefined {
  const named = u.regulations.find((r) => !r.loadedShortTitle);
  if (!named || u.regulations.some((r) => r.loadedShortTitle)) return undefined;
  const entry = deps.catalogue.find((e) => e.title === named.title);
  const note = fillPrompt(loadPrompt('not-loaded'), { title: named.title, publishedAt: entry?.publishedAt || '发布机关的官方网站' });
  return { title: named.title, note };
}

/** For a catalogued text we do not hold, the report's own words about it are the answer. */
function mentionsOf(notLoaded: { title: string } | undefined): (c: Chunk) => boolean {
  const bare = (t: string) => t.replace(/[^\p{Script=Han}\w]/gu, '');
  return (c) => !!notLoaded && c.kind === 'report' && bare(c.text).includes(bare(notLoaded.title));
}

let filler: RegExp | undefined;
/** Filler a resident puts inside a phrase the thesaurus knows: "租我的银行卡" is "租银行卡" (knowledge/answer-lexicon.json). */
const fillerPattern = (): RegExp => (filler ??= new RegExp(inOrder(answerLexicon().filler), 'g'));

/** Thesaurus expansion on whole words only, also with filler words taken out. */
function residentWords(norm: string, thesaurus: Thesaurus): QueryExpansion {
  const text = compact(norm);
  const stripped = text.replace(fillerPattern(), '');
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

type Search = (only?: (c: Chunk) => boolean, k?: number, routed?: boolean) => Promise<Hit[]>;

function searcher(s: AnswerState, scope: ReportScope, text: string, expansion: QueryExpansion, reading: RoutingReading): Search {
  const { deps, followUp } = s;
  return (only, k = 8, routed = true) =>
    deps.search.search({
      text,
      expansions: withoutDistrictTerms(expansion.terms),
      ...(scope.filter || only ? { filter: (c: Chunk) => (scope.filter?.(c) ?? true) && (only?.(c) ?? true) } : {}),
      ...(followUp.exclude ? { exclude: followUp.exclude } : {}),
      ...(routed ? { boost: routingBoost(deps.routing ?? HAND_SET_ROUTING, reading) } : {}),
      k,
    });
}

/** The passages within `scope`; undefined when there are none, a final answer for a text not loaded. */
export async function retrieve(s: AnswerState, scope: ReportScope): Promise<PassageState | Prepared | undefined> {
  const { u, deps } = s;
  const notLoaded = notLoadedNote(u, deps);
  const mentions = mentionsOf(notLoaded);
  const expansion = residentWords(u.norm, deps.thesaurus);
  const named = new Set(u.regulations.flatMap((r) => (r.loadedShortTitle ? [r.loadedShortTitle] : [])));
  // Years choose the report (the scope); as words they would only favour passages that say "2023年".
  // Place words ("开发区") likewise: they say "the report", so they favour report passages as a whole
  // instead of favouring the one passage that happens to repeat the district's name.
  const district = readDistrict(withoutTimeWords(u.question));
  // The district's own doings are in the report, the rules in the laws: learned routing weights say how much.
  const reading: RoutingReading = { aboutDistrict: district.aboutDistrict, wantsCount: u.wantsCount, wantsFigure: u.wantsFigure, named, mentions };
  const direct = articleHits(u, deps);
  const search = searcher(s, scope, district.text, expansion, reading);
  // npm run learn fits the routing weights on the candidates as the ranker alone orders them.
  if (deps.observeRouting && !direct) deps.observeRouting(await search(undefined, ROUTING_CANDIDATES, false), reading);
  const found = direct ?? (await search());
  const hits = direct || named.size || !district.districtFirst ? found : await reportFirst(found, () => search((c) => c.kind === 'report', 3));
  if (hits.length === 0) return undefined;
  if (notLoaded && !hits.some((h) => mentions(h.chunk))) return final(deps, notLoaded.note, true);
  return { ...s, scope, notLoaded, expansion, named, district, direct, hits };
}
