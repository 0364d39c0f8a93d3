// Linked questions written by the chat model: for one passage that has none, the 2–3 questions a resident
// would type that it answers, in everyday words. They are searched beside the passage's text (never shown
// as an answer), so a poor one costs little — but a reply that is not a question, not Chinese, or a copy of
// the passage's own sentence would add nothing, and is dropped. Used by `npm run ingest`; staff review the
// result with `npm run questions`.
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage, type BaseMessage } from '@langchain/core/messages';
import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import { renderPrompt } from '../prompts.js';
import type { ComposerConfig } from './composer.js';
import { asData } from './messages.js';
import { invokeModel } from './invoke.js';
import { stripThinking } from './output.js';
import { charClass, countingUnits } from '../../knowledge/lexicons.js';
import { chatModelLabel, createChatModel } from './provider.js';
import { CircuitBreaker, failureReason } from './resilience.js';

/** One passage as the model reads it: a law's article, or a passage of a report section. */
export type QuestionPassage =
  | { kind: 'regulation'; title: string; article: string; text: string }
  | { kind: 'report'; title: string; section: string; text: string };

export const MAX_WRITTEN_QUESTIONS = 3;
export const MIN_LINKED_QUESTION_CHARS = 6;
export const MAX_LINKED_QUESTION_CHARS = 60;

/**
 * What became of one passage. `failed`: the provider erred or timed out (worth another try next ingest);
 * `unusable`: it answered, but nothing in the reply is a plausible question; `breaker-open`: not asked,
 * the provider has been failing.
 */
export type WrittenQuestions =
  | { ok: true; questions: string[]; dropped: number }
  | { ok: false; kind: 'failed' | 'unusable' | 'breaker-open'; reason: string };

export function questionMessages(p: QuestionPassage): BaseMessage[] {
  const source = p.kind === 'regulation' ? `《${p.title}》${p.article}` : `《${p.title}》 ${p.section}`;
  return [new HumanMessage(renderPrompt('linked-questions', { source: asData(source), passage: asData(p.text.trim()) }))];
}

const compact = (s: string): string => s.replace(/[\s\u3000]+/gu, '');
const CJK = /\p{Script=Han}/gu;
/** Words that make a line a question even without a question mark (people often leave it out). */
let questionWord: RegExp | undefined;
/** Words that make a line a question; the counting units after 几 are knowledge/counting-units.json's asked.questionWord. */
const questionWordPattern = (): RegExp =>
  (questionWord ??= new RegExp(`[吗呢么嘛]|什么|怎么|怎样|如何|哪|谁|多少|几${charClass(countingUnits().asked.questionWord)}|是否|能否|可否|能不能|可不可以|要不要|会不会|有没有|是不是|咋|啥|为何|为什么`, 'u'));
/** "1." "1、" "(1)" "一、" "- " "* " "• " "问题1：" "Q1:" at the start of a line. */
const LIST_MARK = /^\s*(?:[-*•·●▪]\s*|(?:\d{1,2}|[一二三四五六])\s*[.、．):：）]\s*|[（(]\s*\d{1,2}\s*[)）]\s*|(?:问题|问|Q)\s*\d{0,2}\s*[.、:：]\s*)/iu;

function cleanCandidate(raw: string): string {
  return raw
    .replace(LIST_MARK, '')
    .replace(/\*\*/g, '')
    .trim()
    .replace(/^["“”'‘’「『]+/u, '')
    .replace(/["“”'‘’」』]+$/u, '')
    .trim();
}

/** The passage's sentences (article number and trailing marks aside), for spotting copies. */
function sentences(passage: string): string[] {
  return compact(passage)
    .replace(/^第[零〇一二三四五六七八九十百千\d]+条(?:之[一二三四五六七八九十]+)?/u, '')
    .split(/[。；;！？!?：:]/u)
    .map((s) => s.replace(/[，,、]+$/u, ''))
    .filter((s) => s.length >= 8);
}

function bigrams(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < s.length; i++) out.push(s.slice(i, i + 2));
  return out;
}

/** Why `q` is not worth keeping for `passage`, or undefined when it is a plausible question. */
export function implausible(q: string, passage: string): string | undefined {
  const c = compact(q);
  if (c.length < MIN_LINKED_QUESTION_CHARS || c.length > MAX_LINKED_QUESTION_CHARS) return `length ${c.length}`;
  const han = c.match(CJK)?.length ?? 0;
  const letters = c.replace(/[\p{P}\p{S}\d]/gu, '').length;
  if (han < 4 || han / Math.max(1, letters) < 0.6) return 'not Chinese';
  if (/[:：]$/u.test(c)) return 'a heading, not a question';
  if (!/[？?]$/u.test(c) && !questionWordPattern().test(c)) return 'not a question';
  // The question without its mark and particle, as the passage might hold it.
  const core = c.replace(/[？?。！!]+$/u, '').replace(/[吗呢么嘛]$/u, '');
  const text = compact(passage);
  if (core.length >= 4 && text.includes(core)) return "a copy of the passage's words";
  if (sentences(passage).some((s) => c.includes(s))) return "a sentence of the passage made into a question";
  const grams = bigrams(core);
  if (grams.length >= 10 && grams.filter((g) => text.includes(g)).length / grams.length >= 0.85) return "the passage's words rearranged";
  return undefined;
}

/** Candidate lines of a reply: a JSON array or object of questions, or one per line (numbered, bulleted or plain). */
function candidates(reply: string): string[] {
  const text = stripThinking(reply).replace(/```(?:json)?/giu, '').trim();
  const start = text.search(/[[{]/u);
  if (start >= 0) {
    try {
      const found = jsonStrings(JSON.parse(text.slice(start, Math.max(text.lastIndexOf(']'), text.lastIndexOf('}')) + 1)) as unknown);
      if (found.length) return found;
    } catch {
      // Not JSON after all: read it line by line.
    }
  }
  return text.split(/\n+/u);
}

/** Strings of a parsed JSON reply: ["…"], {"questions": ["…"]}, [{"q": "…"}], [{"question": "…"}]. */
function jsonStrings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(jsonStrings);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const key of ['q', 'question', '问题']) if (typeof o[key] === 'string') return [o[key]];
    return Object.values(o).filter((x) => Array.isArray(x)).flatMap(jsonStrings);
  }
  return [];
}

/** The plausible questions of a reply, at most MAX_WRITTEN_QUESTIONS, duplicates removed; and how many were dropped. */
export function questionsFrom(reply: string, passage: string): { questions: string[]; dropped: string[] } {
  const questions: string[] = [];
  const dropped: string[] = [];
  const seen = new Set<string>();
  for (const raw of candidates(reply)) {
    const q = cleanCandidate(raw);
    if (!q) continue;
    const key = compact(q).replace(/[？?]$/u, '');
    if (seen.has(key)) continue;
    seen.add(key);
    if (implausible(q, passage) || questions.length >= MAX_WRITTEN_QUESTIONS) dropped.push(q);
    else questions.push(q);
  }
  return { questions, dropped };
}

export type QuestionWriterConfig = ComposerConfig;

export class QuestionWriter {
  readonly breaker: CircuitBreaker;

  constructor(
    private readonly model: BaseChatModel,
    private readonly config: QuestionWriterConfig,
    private readonly logger: Logger,
    /** "openai/qwen-plus": recorded with every line written. */
    readonly label: string,
  ) {
    this.breaker = new CircuitBreaker({ failureThreshold: config.LLM_BREAKER_FAILURES, cooldownMs: config.LLM_BREAKER_COOLDOWN_MS });
  }

  async write(p: QuestionPassage): Promise<WrittenQuestions> {
    if (!this.breaker.tryAcquire()) return { ok: false, kind: 'breaker-open', reason: 'circuit breaker open' };
    let raw: string;
    try {
      raw = await invokeModel(this.model, questionMessages(p), this.breaker, this.config);
    } catch (err) {
      return { ok: false, kind: 'failed', reason: `model call failed: ${failureReason(err)}` };
    }
    const { questions, dropped } = questionsFrom(raw, p.text);
    if (dropped.length) this.logger.debug({ dropped }, 'generated questions dropped');
    if (questions.length === 0) return { ok: false, kind: 'unusable', reason: `no plausible question in the reply: ${JSON.stringify(raw.slice(0, 120))}` };
    return { ok: true, questions, dropped: dropped.length };
  }
}

/** The writer over the configured chat model, or undefined for LLM_PROVIDER=none. Makes no request. */
export function createQuestionWriter(config: Config, logger: Logger): QuestionWriter | undefined {
  const model = createChatModel(config);
  return model ? new QuestionWriter(model, config, logger, chatModelLabel(config)) : undefined;
}
