// From a model's raw reply to a CONTRACT-shaped Answer: drop reasoning blocks, read the citation
// markers however the model wrote them, and renumber so [n] ↔ citations[n-1] with only the cited
// passages kept, best first as cited.
import type { MessageContent } from '@langchain/core/messages';
import type { Answer, Citation } from '../../domain.js';
import { MAX_CITATIONS } from '../../limits.js';
import { citationMarkers } from './guard.js';


/** The text of a message's content, whether a string or a list of parts. */
export function contentText(content: MessageContent): string {
  if (typeof content === 'string') return content;
  return content.map((part) => (typeof part === 'string' ? part : part.type === 'text' && typeof part.text === 'string' ? part.text : '')).join('');
}

/** Reasoning models (qwen3, deepseek-r1) may think aloud in <think>…</think>; readers never see it. */
export function stripThinking(text: string): string {
  return text.replace(/<think>[\s\S]*?(<\/think>|$)/g, '');
}

/** 【1】, ［1］, [1,2], [1、2], [ 1 ] → [1], [1][2]. */
export function normalizeMarkers(text: string): string {
  return text
    .replace(/[【［]\s*(\d+(?:\s*[,，、]\s*\d+)*)\s*[】］]/g, '[$1]')
    .replace(/\[\s*(\d+(?:\s*[,，、]\s*\d+)*)\s*\]/g, (_m, list: string) =>
      list
        .split(/[,，、]/)
        .map((n) => `[${n.trim()}]`)
        .join(''),
    );
}

/** The reply as the guard and the reader should see it. */
export function cleanReply(raw: string): string {
  return normalizeMarkers(stripThinking(raw)).trim();
}

/** Whether the model said, in the words the system prompt gave it, that the passages do not answer. */
export function isModelRefusal(text: string, refusal: string): boolean {
  const squash = (s: string) => s.replace(/[\s。.！!]/g, '');
  const t = squash(text);
  return t.length > 0 && (t === squash(refusal) || (t.includes(squash(refusal)) && citationMarkers(text).length === 0));
}

/**
 * Renumbers the markers of a guarded text in order of first citation and keeps only those passages.
 * Returns undefined when more than MAX_CITATIONS passages are cited (CONTRACT allows at most 5).
 */
export function renumber(text: string, passages: Citation[]): { text: string; citations: Citation[] } | undefined {
  const order = [...new Set(citationMarkers(text))];
  if (order.length > MAX_CITATIONS) return undefined;
  const newNumber = new Map(order.map((old, i) => [old, i + 1]));
  return {
    text: text.replace(/\[(\d+)\]/g, (_m, n: string) => `[${newNumber.get(Number(n))}]`).replace(/(\[\d+\])\1+/g, '$1'),
    citations: order.map((old) => passages[old - 1]!),
  };
}

/** The model's answer in the extractive answer's frame (suggestions and staff table kept). */
export function modelAnswer(extractive: Answer, text: string, citations: Citation[]): Answer {
  return { ...extractive, answered: true, answer: text, citations };
}

/**
 * Hides a leading <think>…</think> block from streamed tokens as they arrive: the beginning is held
 * back until it is clear whether it opens such a block.
 */
export class ThinkingFilter {
  private state: 'start' | 'thinking' | 'pass' = 'start';
  private held = '';

  push(piece: string): string {
    if (this.state === 'pass') return piece;
    this.held += piece;
    if (this.state === 'start') {
      const t = this.held.trimStart();
      if (t.startsWith('<think>')) {
        this.state = 'thinking';
        this.held = t.slice('<think>'.length);
      } else if ('<think>'.startsWith(t)) {
        return '';
      } else {
        this.state = 'pass';
        return this.held;
      }
    }
    const end = this.held.indexOf('</think>');
    if (end < 0) return '';
    this.state = 'pass';
    return this.held.slice(end + '</think>'.length).trimStart();
  }
}
