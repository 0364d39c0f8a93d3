// Saying no: the prompts/ text for each kind of question we do not answer, with questions we can answer.
import type { Answer } from '../../domain.js';
import type { AnswerDeps, AnswerState, Prepared, StageResult } from '../deps.js';
import { loadPrompt } from '../prompts.js';
import type { Refusable } from '../understand.js';

/** The prompts/ file that says no, for each kind of question we do not answer. */
function refusalPrompt(kind: Refusable): string {
  return kind === 'empty' ? 'empty-question' : kind === 'off-topic' ? 'refusal' : `refusal-${kind}`;
}

function defaultSuggestions(deps: AnswerDeps): string[] {
  const y = deps.reports[0]?.year;
  return [y ? `${y}年开发区组织了几次学法？` : '', '我被罚款了不服怎么办？', '法律援助要不要花钱？'].filter(Boolean);
}

/** A final answer that is not from the passages: a refusal (answered false) or a note (answered true). */
export function final(deps: AnswerDeps, text: string, answered = false): Prepared {
  const answer: Answer = { answered, answer: text, citations: [], suggestions: defaultSuggestions(deps) };
  return { answer };
}

/** A refusal in the prompts/ text for `kind` (the general one without it). */
export function declined(deps: AnswerDeps, kind: Refusable = 'off-topic'): Prepared {
  return final(deps, loadPrompt(refusalPrompt(kind)));
}

/** The stage: a question understanding marked as never ours (empty, injection, harmful, personal, off topic) ends here. */
export function refuse(s: AnswerState): StageResult {
  return s.u.refuse ? declined(s.deps, s.u.refuse) : s;
}
