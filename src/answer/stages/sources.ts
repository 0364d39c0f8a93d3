// Answer from the sources: the years choose a report (or its plans part, or decline at once); within that
// scope, retrieve → decide → compose → suggest. A scope that was only a preference (a plan question without
// a year) is dropped when nothing under it answers; otherwise nothing reliable is declined. A question that
// does not name the district and whose best passage is a law's is the law's: its years and plan words choose
// no report.
import type { AnswerState, Prepared } from '../deps.js';
import { isPrepared } from '../deps.js';
import { loadPrompt } from '../prompts.js';
import { readDistrict } from '../report/district.js';
import { reportScope, type ReportScope } from '../report/year-scope.js';
import { quote } from './compose.js';
import { passagesAnswer } from './decide.js';
import { final } from './refusal.js';
import { retrieve } from './retrieve.js';
import { suggest } from './suggest.js';

/** Retrieve within a scope → decide (answer or decline) → compose → suggest; undefined: nothing reliable. */
async function answerWithin(s: AnswerState, scope: ReportScope): Promise<Prepared | undefined> {
  const found = await retrieve(s, scope);
  if (!found || isPrepared(found)) return found;
  if (!passagesAnswer(found)) return undefined;
  const quoted = quote(found);
  return quoted && suggest(found, quoted);
}

/**
 * Whether a question that does not name the district asks about a law: the best passage found without any report
 * scope is a law's article (the learned ranker and routing judge, not a cue word). Its years and plans are then the
 * law's time ("2019年被罚的款", "我准备举报…"), not a report's.
 */
async function asksTheLaw(s: AnswerState): Promise<boolean> {
  if (readDistrict(s.u.question).aboutDistrict) return false;
  // Only a look: npm run learn observes the routing of the question as it is answered, not of this probe.
  const found = await retrieve({ ...s, deps: { ...s.deps, observeRouting: undefined } }, {});
  return !!found && !isPrepared(found) && found.hits[0]?.chunk.kind === 'regulation';
}

export async function answerFromSources(s: AnswerState): Promise<Prepared> {
  const { u, deps } = s;
  const scope = reportScope({ norm: u.norm, namesLoadedRegulation: u.regulations.some((r) => r.loadedShortTitle) }, deps.reports, s.now);
  // A year without a report, or a plan word, read the question as one about the report; a law question is answered
  // without that scope (as the look found it: a law's article first), or declined as the scope would have.
  if ((scope.refuse || scope.plans) && (await asksTheLaw(s))) {
    return (await answerWithin(s, {})) ?? final(deps, scope.refuse ?? loadPrompt('refusal'));
  }
  if (scope.refuse) return final(deps, scope.refuse);
  const scoped = await answerWithin(s, scope);
  if (scoped) return scoped;
  const open = scope.otherwise === 'unscoped' ? await answerWithin(s, {}) : undefined;
  if (open) return open;
  return final(deps, typeof scope.otherwise === 'object' ? scope.otherwise.refuse : loadPrompt('refusal'));
}
