// Word: with a chat model configured, the model rewords the extractive answer from the same passages
// (its guard falls back to the extractive one); the frame the extractive answer had stays around it.
import type { Answer, AnswerContext, AnswerStreamEvent } from '../../domain.js';
import type { AnswerDeps, Prepared } from '../deps.js';

/** A model's answer inside the frame the extractive one had; the extractive answer (a fallback) as it is. */
function framed(composed: Answer, prepared: Prepared): Answer {
  const { frame } = prepared;
  if (!frame || composed.answer === prepared.answer.answer) return { ...composed, suggestions: prepared.answer.suggestions };
  return { ...composed, answer: `${frame.before}${composed.answer}${frame.after ? `\n${frame.after}` : ''}`, suggestions: prepared.answer.suggestions };
}

export async function word(prepared: Prepared, deps: AnswerDeps, ctx: AnswerContext): Promise<Answer> {
  if (!prepared.composable || !deps.model) return prepared.answer;
  const composed = await deps.model.composer.compose(prepared.composable.question, prepared.answer, prepared.answer.citations, ctx.history ?? []);
  return framed(composed, prepared);
}

/** The same as events: model tokens as they come, then the Answer. */
export async function* streamWords(prepared: Prepared, deps: AnswerDeps, ctx: AnswerContext): AsyncGenerator<AnswerStreamEvent> {
  if (!prepared.composable || !deps.model) {
    yield { type: 'answer', answer: prepared.answer };
    return;
  }
  const { question } = prepared.composable;
  for await (const ev of deps.model.composer.stream(question, prepared.answer, prepared.answer.citations, ctx.history ?? [])) {
    yield ev.type === 'answer' ? { type: 'answer', answer: framed(ev.answer, prepared) } : ev;
  }
}
