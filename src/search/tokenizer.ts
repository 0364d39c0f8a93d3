// Chinese terms for the lexical index and for answer-sentence scoring.
// Measured on this machine (安全生产法, 100 KB): jieba 54 ms; Intl.Segmenter ~9 s and worse words
// ("道里", "杂/物"). So: jieba words plus character bigrams — bigrams catch what segmentation splits
// differently in a question and in a statute ("消防通道" vs "消防车通道").
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Jieba } from '@node-rs/jieba';
import { normalize, scriptRuns } from './text.js';

const require = createRequire(import.meta.url);
let jieba: Jieba | undefined;

function getJieba(): Jieba {
  if (!jieba) {
    const { Jieba: JiebaClass } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    jieba = JiebaClass.withDict(dict);
  }
  return jieba;
}

/** Function words that carry no meaning for retrieval (kept out of words, not out of bigrams). */
const STOP_WORDS = new Set(
  '的 了 吗 呢 吧 啊 呀 么 是 在 和 与 及 或 把 被 给 对 就 都 也 还 又 要 会 能 可以 可 有 没有 没 不 我 你 他 她 它 我们 你们 他们 这 那 这些 那些 这个 那个 哪 哪些 什么 怎么 怎么办 怎样 如何 多少 几 为什么 是否 一个 一下 请问 请 问 帮 帮我 一 个 等 以及 其 之 所 者 如果 因为 所以 但是 而且 应当 应该'.split(
    ' ',
  ),
);

export interface TermOptions {
  /** Add jieba words (default true). Bigrams are always added. */
  words?: boolean;
}

/** Terms of a text: jieba words (no stop words) and CJK character bigrams; latin/digit runs whole. */
export function terms(text: string, opts: TermOptions = {}): string[] {
  const out: string[] = [];
  const norm = normalize(text);
  for (const run of scriptRuns(norm)) {
    if (!run.cjk) {
      out.push(run.text);
      continue;
    }
    const s = run.text;
    if (s.length === 1) out.push(s);
    for (let i = 0; i + 1 < s.length; i++) out.push(s.slice(i, i + 2));
    if (opts.words !== false && s.length > 2) {
      for (const w of getJieba().cut(s, false)) if (w.length > 2 && !STOP_WORDS.has(w)) out.push(w);
    }
  }
  return out;
}

/** Content words of a question (jieba, no stop words, no punctuation) — for coverage checks. */
export function contentWords(text: string): string[] {
  const norm = normalize(text);
  const out: string[] = [];
  for (const run of scriptRuns(norm)) {
    if (!run.cjk) {
      out.push(run.text);
      continue;
    }
    for (const w of getJieba().cutForSearch(run.text, false)) if (!STOP_WORDS.has(w)) out.push(w);
  }
  return out;
}

export function isStopWord(w: string): boolean {
  return STOP_WORDS.has(w);
}

/** Where jieba puts word boundaries in a text without whitespace (0 and the length included). */
export function wordBoundaries(text: string): Set<number> {
  const out = new Set<number>([0]);
  let at = 0;
  for (const w of getJieba().cut(text, true)) {
    at += w.length;
    out.add(at);
  }
  return out;
}

const global = new WeakMap<RegExp, RegExp>();
/** The pattern as matchAll needs it (global), made once per pattern: the cue patterns are read for every question. */
function everyMatch(pattern: RegExp): RegExp {
  if (pattern.global) return pattern;
  let g = global.get(pattern);
  if (!g) global.set(pattern, (g = new RegExp(pattern.source, `${pattern.flags}g`)));
  return g;
}

/**
 * Whether `text` says one of `pattern`'s words as a word: a match of two characters or fewer must begin and end
 * where the segmenter's words do, so a one-character cue is not read inside another word ("拟" is not said in
 * "虚拟人物", "过" not in "通过"). Longer matches are specific enough as they are.
 */
export function saysWord(pattern: RegExp, text: string): boolean {
  let boundaries: Set<number> | undefined;
  for (const m of text.matchAll(everyMatch(pattern))) {
    if (m[0].length > 2) return true;
    boundaries ??= wordBoundaries(text);
    if (boundaries.has(m.index) && boundaries.has(m.index + m[0].length)) return true;
  }
  return false;
}

/** Warm the dictionary (≈250 ms) at start, not on the first question. */
export function warmTokenizer(): void {
  getJieba();
}

let everyday: Set<string> | undefined;

/**
 * Words too common in Chinese at large to say what a question is about ("出来", "觉得", "一起"): those
 * with an IDF below 5.6 in jieba's general-corpus table (about 800 of its 270,000 words). Only those
 * lines are read out of the table, with one regular expression: parsing all of it cost half a second.
 */
export function isEverydayWord(word: string): boolean {
  if (!everyday) {
    everyday = new Set();
    const text = readFileSync(require.resolve('@node-rs/jieba/idf.txt'), 'utf8');
    for (const m of text.matchAll(/^(\S+) (?:[0-4]\.\d*|5\.[0-5]\d*)$/gm)) everyday.add(m[1]!);
  }
  return everyday.has(word);
}
