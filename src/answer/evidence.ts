// Does what we found actually answer the question? We weigh the question's content words by how rare
// they are in the corpus and ask how much of that weight the best passages contain. "开发区有多少常住
// 人口" finds many passages about 开发区, but none says 常住 or 人口: a near miss, not an answer.
import { answerLexicon, charClass, countingUnits, inOrder } from '../knowledge/lexicons.js';
import type { Bm25Index } from '../search/bm25.js';
import { normalize } from '../search/text.js';
import { contentWords, isEverydayWord } from '../search/tokenizer.js';

export interface Coverage {
  /** 0–1: the share of the question's weighted content words found in the evidence. */
  ratio: number;
  missing: string[];
}

/** "够不够", "能不能", "要不要": the form of a yes/no question, not its topic. */
const A_NOT_A = /^(.+)[不没]\1$/;
let lists: { generic: Set<string>; asking: RegExp } | undefined;

/**
 * knowledge/answer-lexicon.json (evidence): generic words tell nothing about what is asked here (every
 * passage is about the district and the law); "一共几次", "多少个", "到底" are how a question asks, not what about.
 */
function evidenceWords(): NonNullable<typeof lists> {
  if (lists) return lists;
  const { evidence } = answerLexicon();
  const units = charClass(countingUnits().asked.asking);
  lists = { generic: new Set(evidence.generic), asking: new RegExp(`^((${inOrder(evidence.askingWords)})${units}?|${inOrder(evidence.askingForms)})$`) };
  return lists;
}

export function questionWords(question: string): string[] {
  const { generic, asking } = evidenceWords();
  const words = contentWords(question).filter((w) => !generic.has(w) && !/^\d+$/.test(w) && !A_NOT_A.test(w) && !asking.test(w));
  // cutForSearch yields "同一个" and also "同一", "一个": keep the longest, drop contained pieces already covered.
  return [...new Set(words)].filter((w, _, all) => !all.some((o) => o !== w && o.length > w.length && o.includes(w) && w.length === 1));
}

/**
 * How much a word says about what is asked. The 0.3 for one character or an everyday word and the 0.8 for a word
 * the corpus lacks are hand-set; the decision (knowledge/learned/decision.json) is fitted on the features they give.
 */
function weight(word: string, bm25: Bm25Index): number {
  if (word.length === 1) return 0.3;
  if (isEverydayWord(word)) return 0.3;
  const df = bm25.docFreq(word);
  // Rare words decide what the question is about. Words absent from the corpus are often just everyday wording ("家里人", "老百姓"), not a topic we
  // lack: they weigh as a rare word, not as the rarest possible one.
  return df === 0 ? 0.8 * Math.log(1 + bm25.size) : bm25.idf(word);
}

/**
 * `evidence` is the text of the best passages; `bridges` maps a question word to legal terms the
 * thesaurus offers for it: finding one of those counts as finding the word.
 */
export function coverage(question: string, evidence: string, bm25: Bm25Index, bridges: (word: string) => string[]): Coverage {
  const ev = normalize(evidence);
  const words = questionWords(question);
  let total = 0;
  let found = 0;
  const missing: string[] = [];
  for (const w of words) {
    const wt = weight(w, bm25);
    total += wt;
    if (ev.includes(w) || bridges(w).some((b) => ev.includes(b))) {
      found += wt;
      continue;
    }
    // Partial credit when most of a long word's character pairs occur ("消防通道" vs "消防车通道").
    if (w.length >= 3) {
      const pairs = [...Array(w.length - 1).keys()].map((i) => w.slice(i, i + 2));
      const hit = pairs.filter((p) => ev.includes(p)).length / pairs.length;
      found += wt * hit * 0.6;
      if (hit < 0.5) missing.push(w);
    } else missing.push(w);
  }
  return { ratio: total === 0 ? 0 : found / total, missing };
}
