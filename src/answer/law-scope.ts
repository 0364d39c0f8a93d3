// Is the law a question is about loaded here? People's words point to laws: "离婚", "彩礼" to 民法典, "辞退" to
// 劳动合同法, "罚款" to 行政处罚法. The counts come from real questions and the laws that answered them
// (knowledge/learned/law-words.json, npm run learn) and from this knowledge base's own linked questions, whose
// laws are loaded by definition. A question whose words point mostly to laws not loaded is one to decline,
// however many words it shares with the loaded texts — and the same question is answered where they are loaded.
import type { Chunk } from '../domain.js';
import { lawKey } from '../knowledge/linked-questions.js';
import { bridgeWords } from '../search/bridge.js';
import { isEverydayWord } from '../search/tokenizer.js';

export interface LawScopeReading {
  /** Share of the question's law-pointing evidence that points to loaded laws or the reports (0 when none). */
  loaded: number;
  /** Share that points to laws not loaded here (0 when none: no evidence is no sign either way). */
  elsewhere: number;
  /** How much evidence there was: log(1 + counts behind the question's words). */
  known: number;
  /** Share of the question's words that point nowhere: no real question and no linked question used them. */
  unknown: number;
}

/** The reports count as one more source people's words point to: questions about what the district did. */
const REPORTS = '〈报告〉';
const sourceOf = (c: Chunk): string => (c.kind === 'regulation' ? lawKey(c.shortTitle ?? c.title) : REPORTS);

/** One word's counts stop growing in weight here: a very common word should not outvote the rest. Hand-set; the decision (knowledge/learned/decision.json) is fitted on what it gives. */
const WORD_CAP = 20;

/**
 * A law article's written questions together count as one question asked about it, however many were written. They
 * say which words point to the law, not how often people ask about it, and they share the table with real questions
 * about every other law: counted one each, writing twice as many questions for the 15 texts doubled their share of
 * every everyday word, and the decision answered more questions about laws not loaded. The report's questions count
 * one each: no real question in the table is about the district, so they alone say which words are its.
 * Chosen on npm run learn's out-of-fold figures (own law questions answered, own report questions answered, own
 * out-of-scope declined, STARD over laws not loaded declined): one each 0.944 / 0.981 / 0.60 / 0.956; one per
 * article, report alike 0.944 / 0.981 / 0.71 / 0.959; one per article, report one each 0.944 / 1.00 / 0.74 / 0.962
 * (½ or ¾ per article: the same but STARD 0.949, 0.957).
 */
const WRITTEN_PER_ARTICLE = 1;

export class LawScope {
  private readonly counts = new Map<string, Map<string, number>>();

  constructor(
    table: Record<string, [string, number][]> | undefined,
    private readonly loadedLaws: ReadonlySet<string>,
  ) {
    for (const [word, laws] of Object.entries(table ?? {})) for (const [law, n] of laws) this.add(word, law, n);
  }

  add(word: string, law: string, n = 1): void {
    const key = lawKey(law);
    const row = this.counts.get(word) ?? this.counts.set(word, new Map()).get(word)!;
    row.set(key, (row.get(key) ?? 0) + n);
  }

  /** Adds the knowledge base's own linked questions: each word of one points to its passage's law. */
  static of(table: Record<string, [string, number][]> | undefined, chunks: readonly Chunk[]): LawScope {
    const loaded = new Set(chunks.map(sourceOf));
    const scope = new LawScope(table, loaded);
    const seen = new Set<string>();
    for (const c of chunks) {
      if (!c.questions) continue;
      const law = sourceOf(c);
      const key = `${law}|${c.questions.join('|')}`;
      if (seen.has(key)) continue; // parts of a long article carry the same questions
      seen.add(key);
      const asked = c.asked ?? 0;
      const written = c.questions.length - asked;
      const each = c.kind === 'regulation' ? (asked + Math.min(written, WRITTEN_PER_ARTICLE)) / c.questions.length : 1;
      for (const q of c.questions) for (const w of new Set(bridgeWords(q))) scope.add(w, law, each);
    }
    return scope;
  }

  private readonly loadedCache = new Map<string, boolean>();

  /** A law counts as loaded under its own name or inside a loaded title ("…关于适用民法典…的解释"). */
  private isLoaded(law: string): boolean {
    let v = this.loadedCache.get(law);
    if (v === undefined) this.loadedCache.set(law, (v = this.loadedLaws.has(law) || [...this.loadedLaws].some((l) => l.includes(law))));
    return v;
  }

  read(question: string): LawScopeReading {
    let loaded = 0;
    let total = 0;
    let words = 0;
    let unknown = 0;
    // Everyday words ("哪里", "时间") occur in questions about anything: they point to no law.
    for (const w of new Set(bridgeWords(question).filter((x) => !isEverydayWord(x)))) {
      words++;
      const row = this.counts.get(w);
      if (!row) {
        unknown++;
        continue;
      }
      let all = 0;
      let here = 0;
      for (const [law, n] of row) {
        all += n;
        if (this.isLoaded(law)) here += n;
      }
      const weight = Math.min(all, WORD_CAP);
      loaded += (weight * here) / all;
      total += weight;
    }
    // Words that point nowhere we know (chit-chat, other services) are no sign of anything we hold.
    return {
      loaded: total === 0 ? 0 : loaded / total,
      elsewhere: total === 0 ? 0 : 1 - loaded / total,
      known: Math.log1p(total),
      unknown: words === 0 ? 0 : unknown / words,
    };
  }
}
