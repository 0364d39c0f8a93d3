// The lexical side of the index, built from the chunks when an index is opened: two BM25 views of every
// passage and what the learned ranker needs to know about it.
//   text   — where the passage sits (law name, chapter, section) and its words: the statute's own vocabulary.
//   linked — the same plus its linked questions: the words people use when they mean this passage.
// Tokenising is most of the build; the text terms can be handed in, so the learner (npm run learn) builds the
// linked view once per fold without segmenting 65,000 articles again.
import type { Chunk } from '../domain.js';
import { lawKey } from '../knowledge/linked-questions.js';
import { Bm25Index } from './bm25.js';
import { terms } from './tokenizer.js';
import { bridgeWords } from './bridge.js';

/** What the text view indexes of a chunk: where it sits (law name, chapter, section) and its text. */
export function placedText(c: Chunk): string {
  return [c.shortTitle ?? '', c.chapter ?? '', c.section ?? '', c.text].filter(Boolean).join(' ');
}

/** "民法典|第一千零七十九条": the unit people cite. Parts of a long article share it; report passages are their own unit. */
export function articleKey(c: Chunk): string {
  return c.kind === 'regulation' && c.article ? `${lawKey(c.shortTitle ?? c.title)}|${c.article}` : c.id;
}

/** Character bigrams of the Chinese in a text, for matching names ("土地承包" in a question, in a law's title). */
export function hanBigrams(text: string): Set<string> {
  const han = text.replace(/[^\u3400-\u9fff]/gu, '');
  const out = new Set<string>();
  for (let i = 0; i + 1 < han.length; i++) out.add(han.slice(i, i + 2));
  return out;
}

/** A law's title without what every title says (中华人民共和国, 法, 条例, 最高人民法院关于适用…的解释). */
const TITLE_BOILERPLATE = /^最高人民法院|^最高人民检察院|关于|适用|若干问题|的解释|的规定|实施细则$|实施条例$|条例$|办法$|规定$|法$|（[一二三四五六七八九十]+）/gu;
const CHAPTER_NUMBER = /第[一二三四五六七八九十百零]+[编章节]/gu;

export class LexicalIndex {
  /** BM25 over placed text: idf here is the statutes' and the report's own. */
  readonly text: Bm25Index;
  /** BM25 over placed text plus linked questions. */
  readonly linked: Bm25Index;
  /** Article key per chunk. */
  readonly article: string[];
  /** Law key per chunk ('' for report passages). */
  readonly law: string[];
  /** Questions people really asked, per article and per law (staff links, LINKED_QUESTIONS_FILE). */
  readonly askedByArticle = new Map<string, number>();
  readonly askedByLaw = new Map<string, number>();
  readonly maxAskedByLaw: number;
  /** One document per linked question (each article's once), for votes of the nearest questions. */
  readonly questions: Bm25Index;
  /** The chunk that stands for each question's article. */
  readonly questionOwner: number[] = [];
  /** Law and chapter key per chunk ("民法典|第五章 离婚"). */
  readonly chapterKey: string[];
  private readonly titleBigrams = new Map<string, Set<string>>();
  private readonly chapterBigrams: Set<string>[];

  constructor(
    readonly chunks: readonly Chunk[],
    textTerms: readonly (readonly string[])[] = chunks.map((c) => terms(placedText(c))),
    /** The text view of the same chunks, when another index already built it (the learner's folds). */
    text?: Bm25Index,
    /** The passages' words, when another index already read them: links do not change them either. */
    readonly words: PassageWords = new PassageWords(chunks),
  ) {
    this.text = text ?? new Bm25Index(textTerms);
    this.linked = new Bm25Index(chunks.map((c, i) => (c.questions?.length ? [...textTerms[i]!, ...terms(c.questions.join(' '))] : textTerms[i]!)));
    this.article = chunks.map(articleKey);
    this.law = chunks.map((c) => (c.kind === 'regulation' ? lawKey(c.shortTitle ?? c.title) : ''));
    const counted = new Set<string>();
    chunks.forEach((c, i) => {
      const key = this.article[i]!;
      if (!c.asked || counted.has(key)) return;
      counted.add(key); // parts of one article carry the same links: count them once
      this.askedByArticle.set(key, c.asked);
      this.askedByLaw.set(this.law[i]!, (this.askedByLaw.get(this.law[i]!) ?? 0) + c.asked);
    });
    this.maxAskedByLaw = Math.max(0, ...this.askedByLaw.values());
    const questionTerms: string[][] = [];
    const linkedOnce = new Set<string>();
    chunks.forEach((c, i) => {
      if (!c.questions?.length || linkedOnce.has(this.article[i]!)) return;
      linkedOnce.add(this.article[i]!);
      for (const q of c.questions) {
        questionTerms.push(terms(q));
        this.questionOwner.push(i);
      }
    });
    this.questions = new Bm25Index(questionTerms);
    this.chapterKey = chunks.map((c, i) => `${this.law[i]}|${c.chapter ?? c.section ?? ''}`);
    for (const law of new Set(this.law)) if (law) this.titleBigrams.set(law, hanBigrams(law.replace(TITLE_BOILERPLATE, '')));
    const chapters = new Map<string, Set<string>>();
    this.chapterBigrams = chunks.map((c) => {
      const heading = (c.chapter ?? c.section ?? '').replace(CHAPTER_NUMBER, '');
      let b = chapters.get(heading);
      if (!b) chapters.set(heading, (b = hanBigrams(heading)));
      return b;
    });
  }

  /** Whether a passage holds a word, as the bridge reads words (its law's short name included). */
  holds(doc: number, word: string): boolean {
    return this.words.holds(doc, word);
  }

  /** Share of a law title's own bigrams that the question contains ("土地承包" → 农村土地承包法). */
  titleOverlap(question: ReadonlySet<string>, doc: number): number {
    return overlap(question, this.titleBigrams.get(this.law[doc]!));
  }

  /** The same for the chapter (or report section) heading the passage sits under. */
  chapterOverlap(question: ReadonlySet<string>, doc: number): number {
    return overlap(question, this.chapterBigrams[doc]);
  }
}

/**
 * Every passage's words as the bridge reads them (bridgeWords of its law's short name and text), as sorted ids,
 * read once: ~3 s and ~12 MB for 65,000 articles (3 million words). Read on first use instead, a question whose
 * ~250 candidates are new would wait ~16 ms for them (65 µs a passage, measured).
 */
export class PassageWords {
  private readonly ids = new Map<string, number>();
  private readonly held: Uint32Array[];

  constructor(chunks: readonly Chunk[]) {
    this.held = chunks.map((c) => {
      const own = new Set<number>();
      for (const w of bridgeWords(`${c.shortTitle ?? ''} ${c.text}`)) {
        let id = this.ids.get(w);
        if (id === undefined) this.ids.set(w, (id = this.ids.size));
        own.add(id);
      }
      return Uint32Array.from(own).sort();
    });
  }

  holds(doc: number, word: string): boolean {
    const id = this.ids.get(word);
    if (id === undefined) return false;
    const held = this.held[doc]!;
    let lo = 0;
    let hi = held.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (held[mid] === id) return true;
      if (held[mid]! < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}

function overlap(question: ReadonlySet<string>, name: ReadonlySet<string> | undefined): number {
  if (!name || name.size === 0) return 0;
  let n = 0;
  for (const b of name) if (question.has(b)) n++;
  return n / name.size;
}
