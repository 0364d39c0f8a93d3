// Compose: the extractive answer from the passages, with what the report does not state said plainly.
// A figure question answered from the report must quote a figure; otherwise the report does not state
// it — unless the report speaks of the question's subject: then it says what it does say, and what not.
import type { Answer } from '../../domain.js';
import { composeExtractive, hasFigure } from '../compose.js';
import { fillPrompt, loadPrompt } from '../prompts.js';
import { checkAsks, unstated } from '../report/partial.js';
import { askedForms } from '../report/question-form.js';
import type { PassageState } from './retrieve.js';

export interface Quoted {
  answer: Answer;
  /** What the report does not state, said after the quote ('' when it states everything asked). */
  note: string;
  /** The first quote is the report's. */
  fromReport: boolean;
}

/** A note after the quote, before the legal disclaimer when there is one. */
function withNote(text: string, note: string): string {
  const disclaimer = loadPrompt('disclaimer');
  return text.endsWith(`\n${disclaimer}`) ? `${text.slice(0, -disclaimer.length - 1)}\n${note}\n${disclaimer}` : `${text}\n${note}`;
}

/** The quoted answer; undefined when a figure question finds no figure and nothing else to say. */
export function quote(p: PassageState): Quoted | undefined {
  const { u, deps, hits, direct, scope, notLoaded } = p;
  const { answer, quoted } = composeExtractive({
    question: u.question,
    expansions: p.expansion.terms,
    hits,
    bm25: deps.search.bm25,
    wantsFigure: u.wantsFigure,
    forms: askedForms(u.question),
    reportFirst: p.district.districtFirst && !p.named.size,
    disclaimer: loadPrompt('disclaimer'),
    ...(scope.preface ? { preface: scope.preface } : {}),
    ...(scope.plans ? { wholePassage: true } : {}),
  });
  const fromReport = quoted.length > 0 && hits[quoted[0]!.hit]!.chunk.kind === 'report';
  const checks = fromReport && !direct ? checkAsks(u.question, [...new Set(quoted.map((s) => hits[s.hit]!.chunk.text))], deps.search.bm25) : [];
  const notStated = unstated(checks);
  const figureMissing = u.wantsFigure && !direct && quoted.every((s) => hits[s.hit]!.chunk.kind === 'report') && !quoted.some((s) => hasFigure(s.text));
  if (figureMissing && notStated.length === 0) return undefined;
  const note = notStated.length > 0 ? fillPrompt(loadPrompt('partial-note'), { asks: notStated.join('；') }) : '';
  if (note) answer.answer = withNote(answer.answer, note);
  if (notLoaded) answer.answer += `\n${notLoaded.note}`;
  return { answer, note, fromReport };
}
