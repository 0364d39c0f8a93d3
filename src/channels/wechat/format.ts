// An Answer shaped for WeChat: plain text (no Markdown, no cards), sources as short lines, and within the
// ~2,000-byte limit of a passive text reply — cut at a sentence, with the rest kept for "更多".
import type { Answer, Citation } from '../../domain.js';

export const WECHAT_TEXT_BYTES = 2000;
export const MORE_COMMAND = '更多';
export const MORE_HINT = "回复'更多'查看余下内容";

export interface WeChatText {
  text: string;
  /** What did not fit; sent on "更多". */
  rest?: string;
}

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

const SENTENCE_END = new Set(['。', '！', '？', '；', '!', '?', ';', '\n', '…']);
const CLOSING = new Set(['”', '’', '」', '』', '）', ')', '"', '》']);

/**
 * Splits `text` so that the head fits in `maxBytes`, preferring the end of a sentence. Walks code points, so a
 * surrogate pair (an emoji, 4 bytes) is never cut in half.
 */
export function cutAtSentence(text: string, maxBytes: number): [head: string, tail: string] {
  if (utf8Bytes(text) <= maxBytes) return [text, ''];
  let bytes = 0;
  let fit = 0; // UTF-16 index up to which the text fits
  let sentenceEnd = 0;
  let afterEnd = false;
  for (const ch of text) {
    bytes += utf8Bytes(ch);
    if (bytes > maxBytes) break;
    fit += ch.length;
    if (SENTENCE_END.has(ch) || (afterEnd && CLOSING.has(ch))) {
      sentenceEnd = fit;
      afterEnd = true;
    } else {
      afterEnd = false;
    }
  }
  // A sentence end far back would waste most of the message; then cut mid-sentence instead.
  const cut = sentenceEnd >= fit / 3 ? sentenceEnd : fit;
  return [text.slice(0, cut).trimEnd(), text.slice(cut).trimStart()];
}

/** Markdown means nothing in WeChat and shows as stray symbols. */
export function stripMarkdown(text: string): string {
  return text
    .replace(/\[([^\]\n]+)\]\((\S+?)\)/g, '$1 $2')
    .replace(/\*\*|__|`/g, '')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/^\s*[-*+]\s+/gm, '· ');
}

const ORDINAL = /^(?:[一二三四五六七八九十百]+、|（[一二三四五六七八九十百\d]+）|\([一二三四五六七八九十百\d]+\)|\d+[.．、])/;

/** "一、（七）建立应急预案…" → "一、（七）": how staff point at a place in a report. */
export function sectionOrdinals(section: string): string {
  let out = '';
  for (const part of section.split(/\s*[>›»/]\s*|\s+/)) {
    let rest = part;
    for (let m = ORDINAL.exec(rest); m; m = ORDINAL.exec(rest)) {
      out += m[0];
      rest = rest.slice(m[0].length);
    }
  }
  return out;
}

function clip(text: string, chars: number): string {
  const points = [...text];
  return points.length <= chars ? text : points.slice(0, chars - 1).join('') + '…';
}

/** 《行政处罚法》第七条 · 2023年报告一、（七） · 常见问题：… */
export function sourceLine(c: Citation): string {
  if (c.kind === 'regulation') return `《${clip(c.title.replace(/^中华人民共和国/, ''), 30)}》${c.article ?? ''}`;
  if (c.kind === 'report') {
    const place = c.section ? sectionOrdinals(c.section) || clip(c.section, 20) : '';
    return c.year ? `${c.year}年报告${place}` : clip(`${c.title}${place}`, 40);
  }
  return `常见问题：${clip(c.title, 30)}`;
}

const join = (parts: string[]) => parts.filter((p) => p !== '').join('\n\n');

/** One page of plain text; what does not fit becomes `rest`. */
export function formatText(text: string, maxBytes = WECHAT_TEXT_BYTES): WeChatText {
  const clean = stripMarkdown(text).trim();
  if (utf8Bytes(clean) <= maxBytes) return { text: clean };
  const [head, tail] = cutAtSentence(clean, maxBytes - utf8Bytes('\n\n' + MORE_HINT));
  return { text: join([head, MORE_HINT]), rest: tail };
}

export function formatAnswer(answer: Answer, maxBytes = WECHAT_TEXT_BYTES): WeChatText {
  const body = stripMarkdown(answer.answer).trim();
  const sources = answer.citations.length
    ? '来源：\n' + answer.citations.map((c, i) => `[${i + 1}]${sourceLine(c)}`).join('\n')
    : '';
  const suggestions = answer.suggestions.length
    ? '您还可以问：\n' + answer.suggestions.slice(0, 3).map((s) => `· ${clip(s, 40)}`).join('\n')
    : '';
  const whole = join([body, sources, suggestions]);
  if (utf8Bytes(whole) <= maxBytes) return { text: whole };
  const withoutSuggestions = join([body, sources]);
  if (utf8Bytes(withoutSuggestions) <= maxBytes) return { text: withoutSuggestions };
  // The sources stay on the first page because the [n] markers in it point at them.
  const tail = join([sources, MORE_HINT]);
  const [head, restOfBody] = cutAtSentence(body, Math.max(maxBytes - utf8Bytes(tail) - 2, 200));
  return { text: join([head, tail]), rest: join([restOfBody, suggestions]) };
}

function isAnswer(value: unknown): value is Answer {
  const a = value as Partial<Answer> | undefined;
  return typeof a?.answer === 'string' && Array.isArray(a.citations) && Array.isArray(a.suggestions);
}

/** What the bot sent in one turn, as one WeChat text: rendered from channelData.answer when present, else text. */
export function renderReplies(activities: Array<{ text?: string; channelData?: unknown }>, maxBytes = WECHAT_TEXT_BYTES): WeChatText {
  const answers = activities.map((a) => (a.channelData as { answer?: unknown } | undefined)?.answer);
  const only = answers[0];
  if (activities.length === 1 && isAnswer(only)) return formatAnswer(only, maxBytes);
  const texts = activities.map((a, i) => {
    const answer = answers[i];
    return isAnswer(answer) ? formatAnswer(answer, Number.POSITIVE_INFINITY).text : (a.text ?? '');
  });
  return formatText(join(texts.map((t) => t.trim())), maxBytes);
}
