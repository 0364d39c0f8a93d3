// Answer from the sources: the years choose a report (or its plans part, or decline at once); within that
// scope, retrieve → decide → compose → suggest. A scope that was only a preference (a plan question without
// a year) is dropped when nothing under it answers; otherwise nothing reliable is declined.
import type { AnswerState, Prepared } from '../deps.js';
import { isPrepared } from '../deps.js';
import { loadPrompt } from '../prompts.js';
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

export async function answerFromSources(s: AnswerState): Promise<Prepared> {
  const { u, deps } = s;
  const scope = reportScope({ norm: u.norm, namesLoadedRegulation: u.regulations.some((r) => r.loadedShortTitle) }, deps.reports, s.now);
  if (scope.refuse) return final(deps, scope.refuse);
  const scoped = await answerWithin(s, scope);
  if (scoped) return scoped;
  const open = scope.otherwise === 'unscoped' ? await answerWithin(s, {}) : undefined;
  if (open) return open;
  return final(deps, typeof scope.otherwise === 'object' ? scope.otherwise.refuse : loadPrompt('refusal'));
}
