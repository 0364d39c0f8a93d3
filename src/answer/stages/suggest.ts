// Suggest: two or three questions the knowledge base can answer next, drawn from what was cited; and
// what a model may reword (the passages) and what it must keep around its words (the frame).
import type { Prepared } from '../deps.js';
import { suggestFollowUps } from '../suggestions.js';
import type { Quoted } from './compose.js';
import type { PassageState } from './retrieve.js';

export function suggest(p: PassageState, q: Quoted): Prepared {
  const { answer, note } = q;
  answer.suggestions = suggestFollowUps(answer, p.deps.reports, p.u.question);
  const before = q.fromReport && p.scope.preface ? p.scope.preface : '';
  return { answer, composable: { question: p.u.question }, ...(before || note ? { frame: { before, after: note } } : {}) };
}
