// When the report says less than asked: which parts of a question the quoted passages answer. "劳动密集型
// 企业检查罚了哪几家企业，每家罚了多少钱" — the report gives how many were fined, not the amounts: the
// answer quotes what it says and names what it does not contain, instead of declining the whole question.
import { anyOf, questionReading } from '../../knowledge/question-reading.js';
import { extractFigures, sentences } from '../../knowledge/report/index.js';
import type { Bm25Index } from '../../search/bm25.js';
import { compact, normalize } from '../../search/text.js';
import { contentWords } from '../../search/tokenizer.js';

export interface AskCheck {
  /** The part of the question, as asked. */
  clause: string;
  /** The passages speak of what it is about (most of its weighted words). */
  covered: boolean;
  /** …and state what it asks: a figure in a unit that answers it, or the thing it asks to name. */
  answered: boolean;
  /** It asks for a count or an amount. */
  figure: boolean;
}

interface Patterns {
  figure: RegExp;
  what: RegExp;
  notWhat: RegExp;
  asking: RegExp;
  asks: RegExp;
  generic: Set<string>;
  units: Record<string, string[]>;
}

let compiled: Patterns | undefined;
function patterns(): Patterns {
  if (!compiled) {
    const { partial } = questionReading();
    compiled = {
      // "哪几个" asks which ones, not how many.
      figure: new RegExp(`(?<!哪)(?:${anyOf(partial.figureAsk).source})(\\p{Script=Han})?`, 'u'),
      what: new RegExp(`(?:${anyOf(partial.whatAsk).source})(\\p{Script=Han}{2,4})`, 'u'),
      notWhat: anyOf(partial.notWhat),
      asking: new RegExp(`^(?:${anyOf([...partial.figureAsk, ...partial.whatAsk]).source})`, 'u'),
      asks: anyOf(partial.askMarkers),
      generic: new Set(partial.generic),
      units: partial.units,
    };
  }
  return compiled;
}

/** A word is in the text, or most of its character pairs are ("消防通道" in "消防车通道"). */
function found(word: string, text: string): boolean {
  if (text.includes(word)) return true;
  if (word.length < 3) return false;
  const pairs = [...Array(word.length - 1).keys()].map((i) => word.slice(i, i + 2));
  return pairs.filter((p) => text.includes(p)).length / pairs.length >= 0.5;
}

function clauseWords(clause: string): string[] {
  const p = patterns();
  const words = contentWords(clause).filter((w) => w.length >= 2 && !p.generic.has(w) && !p.asking.test(w) && !/^\d+$/u.test(w));
  return [...new Set(words)].filter((w, _, all) => !all.some((o) => o !== w && o.includes(w)));
}

/** Checks each part of the question that asks something (split at its commas and question marks) against the passages. */
export function checkAsks(question: string, passages: readonly string[], bm25: Bm25Index): AskCheck[] {
  const p = patterns();
  const text = normalize(compact(passages.join('\n')));
  const weight = (w: string) => (bm25.docFreq(w) === 0 ? 0.8 * Math.log(1 + bm25.size) : bm25.idf(w));
  return question
    .split(/[，,；;？?！!。]/u)
    .map((c) => c.trim())
    .filter((c) => compact(c).length >= 3 && p.asks.test(c))
    .map((clause) => {
      const words = clauseWords(normalize(clause));
      const total = words.reduce((n, w) => n + weight(w), 0);
      const share = total === 0 ? 1 : words.filter((w) => found(w, text)).reduce((n, w) => n + weight(w), 0) / total;
      const covered = share >= 0.5;
      const figureAsk = p.figure.exec(clause);
      if (figureAsk) {
        const units = p.units[figureAsk[1] ?? ''];
        // A figure in a sentence about the clause, in a unit that answers it: "多少钱" is not answered by "4家".
        const answers = passages.flatMap((x) => sentences(x)).some((s) => {
          const about = words.length === 0 || words.some((w) => found(w, normalize(compact(s))));
          return about && extractFigures(s, 0, '').some((f) => !units || units.includes(f.unit));
        });
        return { clause, covered, answered: covered && answers, figure: true };
      }
      const what = p.notWhat.test(clause) ? null : p.what.exec(clause);
      const noun = what?.[1]?.replace(/[的了吗呢啊]+$/u, '');
      const named = !noun || noun.length < 2 || [...Array(noun.length - 1).keys()].some((i) => text.includes(noun.slice(i, i + 2)));
      return { clause, covered, answered: covered && named, figure: false };
    });
}

/**
 * The parts of the question to name as not stated, when the passages answer another part of it (or
 * speak of its subject): several parts with some unanswered, or an amount the figures do not give.
 */
export function unstated(checks: readonly AskCheck[]): string[] {
  if (!checks.some((c) => c.covered)) return [];
  const missing = checks.filter((c) => !c.answered);
  if (missing.length === 0) return [];
  if (checks.length > 1 || missing.some((c) => c.figure)) return missing.map((c) => c.clause);
  return [];
}
