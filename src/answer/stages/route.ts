// Route: a staff lookup (measures, figures tables, plans, comparisons) answers from the structured
// reports; anything else goes on to the off-topic screen and retrieval.
import type { AnswerState, StageResult } from '../deps.js';
import { screensOut } from '../screen.js';
import { declined } from './refusal.js';

export function lookUpStaff(s: AnswerState): StageResult {
  // "还有呢" asks for other passages than the ones shown: the structured lookup would repeat itself.
  const staff = s.followUp.exclude ? undefined : s.deps.staff?.(s.u.question, s.now);
  return staff ? { answer: staff } : s;
}

/** The learned screen (src/answer/screen.ts): small talk, services, news are declined before any search. */
export function screenOffTopic(s: AnswerState): StageResult {
  return screensOut(s.deps.screen, s.u.question) ? declined(s.deps) : s;
}
