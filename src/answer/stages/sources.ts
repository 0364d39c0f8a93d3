// Answer from the sources: the years choose a report (or its plans part, or decline at once); within that
// scope, retrieve → decide → compose → suggest. A scope that was only a preference (a plan question without
// a year) is dropped when nothing under it answers; otherwise nothing reliable is declined. A question that
// does not name the district and whose best passage is a law's is the law's: its years and intent words ("我准备…")
// choose no report; a time after the report ("明年…") still does.
import type { AnswerDeps, AnswerState, Prepared } from '../deps.js';
import { isPrepared } from '../deps.js';
import { loadPrompt } from '../prompts.js';
import { readDistrict } from '../report/district.js';
import { asksAboutLater } from '../report/plan-question.js';
import { reportScope, type ReportScope } from '../report/year-scope.js';
import { quote } from './compose.js';
import { passagesAnswer } from './decide.js';
import { final } from './refusal.js';
import { retrieve, type PassageState } from './retrieve.js';
import { suggest } from './suggest.js';

/** Decide (answer or decline) → compose → suggest over the passages found; undefined: nothing reliable. */
function answerFound(found: PassageState): Prepared | undefined {
  if (!passagesAnswer(found)) return undefined;
  const quoted = quote(found);
  return quoted && suggest(found, quoted);
}

/** Retrieve within a scope, then answer from what was found; undefined: nothing reliable. */
async function answerWithin(s: AnswerState, scope: ReportScope): Promise<Prepared | undefined> {
  const found = await retrieve(s, scope);
  if (!found || isPrepared(found)) return found;
  return answerFound(found);
}

type RoutingObservation = Parameters<NonNullable<AnswerDeps['observeRouting']>>;

/**
 * The passages of a question that does not name the district, found without any report scope, when the best of them
 * is a law's article (the learned ranker and routing judge, not a cue word): the question asks about the law, and its
 * years and plans are the law's time ("2019年被罚的款", "我准备举报…"), not a report's. Undefined otherwise.
 */
async function lawPassages(s: AnswerState): Promise<PassageState | undefined> {
  if (readDistrict(s.u.question).aboutDistrict) return undefined;
  // npm run learn observes the routing of the question as it is answered: this look's, only if the answer is the look's.
  let observed: RoutingObservation | undefined;
  const observeRouting = s.deps.observeRouting && ((...seen: RoutingObservation) => void (observed = seen));
  const found = await retrieve({ ...s, deps: { ...s.deps, observeRouting } }, {});
  if (!found || isPrepared(found) || found.hits[0]?.chunk.kind !== 'regulation') return undefined;
  if (observed) s.deps.observeRouting?.(...observed);
  return found;
}

export async function answerFromSources(s: AnswerState): Promise<Prepared> {
  const { u, deps } = s;
  const scope = reportScope({ norm: u.norm, namesLoadedRegulation: u.regulations.some((r) => r.loadedShortTitle) }, deps.reports, s.now);
  // A year without a report, or a plan word, read the question as one about the report; a law question is answered
  // without that scope (as the look found it: a law's article first), or declined as the scope would have. A time
  // after the report ("明年…", "接下来…") is the district's to plan: a law has no next year, whatever it matches.
  const law = scope.refuse || (scope.plans && !asksAboutLater(u.norm)) ? await lawPassages(s) : undefined;
  if (law) return answerFound(law) ?? final(deps, scope.refuse ?? loadPrompt('refusal'));
  if (scope.refuse) return final(deps, scope.refuse);
  const scoped = await answerWithin(s, scope);
  if (scoped) return scoped;
  const open = scope.otherwise === 'unscoped' ? await answerWithin(s, {}) : undefined;
  if (open) return open;
  return final(deps, typeof scope.otherwise === 'object' ? scope.otherwise.refuse : loadPrompt('refusal'));
}
