// Turns the retrieved passages, the question and earlier turns into the messages the model reads.
// Passages and questions are data: their angle brackets are made full-width so no text inside them
// can close the <资料>/<问题> blocks the system prompt tells the model to trust.
import { HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import type { Citation, Turn } from '../../domain.js';
import { MODEL_HISTORY_TURNS } from '../../limits.js';
import { loadPrompt, renderPrompt } from '../prompts.js';

/** How many earlier questions the model sees, and how much of each earlier answer. */
const HISTORY_ANSWER_CHARS = 160;

export function asData(text: string): string {
  return text.replace(/</g, '＜').replace(/>/g, '＞').replace(/\{\{/g, '{ {');
}

function heading(c: Citation): string {
  const parts = [`《${c.title}》`];
  if (c.article) parts.push(c.article);
  if (c.section) parts.push(c.section);
  if (c.year !== undefined && !c.title.includes(String(c.year))) parts.push(`（${c.year}年）`);
  return parts.join(' ');
}

/** "[1] 《title》 section\ntext", blank line between passages. */
export function formatPassages(passages: Citation[]): string {
  return passages.map((c, i) => `[${i + 1}] ${asData(heading(c))}\n${asData(c.text.trim())}`).join('\n\n');
}

/** The last few turns as "用户：…／助手：…" lines; empty when there are none. */
export function formatHistory(history: Turn[], opts: { withAnswers: boolean }): string {
  return history
    .slice(-MODEL_HISTORY_TURNS)
    .map((t) => {
      const q = `用户：${asData(t.resolved ?? t.question)}`;
      const a = t.answer?.answer;
      if (!opts.withAnswers || !a) return q;
      const short = a.length > HISTORY_ANSWER_CHARS ? `${a.slice(0, HISTORY_ANSWER_CHARS)}…` : a;
      return `${q}\n助手：${asData(short)}`;
    })
    .join('\n');
}

/** The sentence the model is told to give when the passages do not answer. */
export function modelRefusal(): string {
  return loadPrompt('model-refusal');
}

export function systemPrompt(): string {
  return renderPrompt('system', { refusal: modelRefusal() });
}

export function answerMessages(question: string, passages: Citation[], history: Turn[]): BaseMessage[] {
  const earlier = formatHistory(history, { withAnswers: false });
  return [
    new SystemMessage(systemPrompt()),
    new HumanMessage(
      renderPrompt('answer', {
        passages: formatPassages(passages),
        // Earlier questions only give context for the wording; the question below is already standalone.
        history: earlier ? `<此前的提问>\n${earlier}\n</此前的提问>` : '',
        question: asData(question.trim()),
      }),
    ),
  ];
}

export function followUpMessages(history: Turn[], question: string): BaseMessage[] {
  return [new HumanMessage(renderPrompt('follow-up', { history: formatHistory(history, { withAnswers: true }), question: asData(question.trim()) }))];
}
