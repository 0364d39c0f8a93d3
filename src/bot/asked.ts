// What the question log keeps of an Answer: the topic and first citation of an answered question (the console's
// "most asked topics"), the reply of a declined one (which decline people got). Only the sources' own titles and
// numbers, never the passage text, so the log stays small.
import type { Answer, Citation } from '../domain.js';

export interface AnswerSummary {
  topic: string | null;
  cited: string | null;
  answerText: string | null;
}

const TOPIC_MAX_CHARS = 24;

/** "中华人民共和国行政处罚法" → "行政处罚法". */
const lawName = (title: string): string => title.replace(/^中华人民共和国/u, '');

/** A report section as a topic: "一、（六）规范行政执法，加强…" → "规范行政执法" (ordinals off, up to the first comma). */
export function sectionTopic(section: string): string {
  const last = section.replace(/^[一二三四五六七八九十]+、(?=（)/u, '').replace(/^[（(][一二三四五六七八九十\d]+[）)]|^[一二三四五六七八九十]+、/u, '');
  const head = last.split(/[，,；;。]/u)[0]?.trim() || last.trim();
  return head.length > TOPIC_MAX_CHARS ? `${head.slice(0, TOPIC_MAX_CHARS)}…` : head;
}

function topicOf(c: Citation): string {
  if (c.kind === 'regulation') return lawName(c.title);
  if (c.kind === 'report') return `${c.year ?? ''}年报告·${sectionTopic(c.section ?? '')}`;
  return c.title;
}

function citedOf(c: Citation): string {
  if (c.kind === 'regulation') return [lawName(c.title), c.article].filter(Boolean).join(' ');
  if (c.kind === 'report') return [`${c.year ?? ''}年报告`, c.section].filter(Boolean).join(' ');
  return c.title;
}

export function summarizeAnswer(answer: Answer): AnswerSummary {
  const first = answer.citations[0];
  return {
    topic: answer.answered && first ? topicOf(first) : null,
    cited: first ? citedOf(first) : null,
    answerText: answer.answered ? null : answer.answer,
  };
}
