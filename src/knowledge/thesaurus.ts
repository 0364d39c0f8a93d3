// The residents' thesaurus (knowledge/thesaurus.json): how people ask ("告官", "租银行卡", "楼道堆杂物") →
// the words the statutes use ("行政诉讼", "出租、出借、出售 账户", "堵塞 疏散通道"). Retrieval adds the terms
// to the query, so a question in everyday words still finds the article.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

export const THESAURUS_FILE = 'thesaurus.json';

const word = z.string().trim().min(1);

const entrySchema = z
  .object({
    /** What it is about, for people maintaining the file: 处罚, 信访, 消防 … */
    topic: word.optional(),
    /** Everyday words and phrases, as residents type them. */
    words: z.array(word).min(1),
    /** Legal terms as written in the statutes or the report. */
    terms: z.array(word).min(1),
  })
  .strict();

const thesaurusSchema = z.object({ description: z.string().optional(), entries: z.array(entrySchema) }).strict();

export type ThesaurusEntry = z.infer<typeof entrySchema>;

export interface Thesaurus {
  entries: ThesaurusEntry[];
}

export interface QueryExpansion {
  /** Terms to add to the query, in the order found; none the question already contains. */
  terms: string[];
  /** The everyday words found in the question, longest match first. */
  matched: string[];
}

export class ThesaurusError extends Error {
  override readonly name = 'ThesaurusError';
}

export async function loadThesaurus(knowledgeDir: string): Promise<Thesaurus> {
  const file = path.join(knowledgeDir, THESAURUS_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new ThesaurusError(`Cannot read the thesaurus ${file}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return parseThesaurus(raw, file);
}

export function parseThesaurus(raw: unknown, file = THESAURUS_FILE): Thesaurus {
  const parsed = thesaurusSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ThesaurusError(`Invalid thesaurus ${file} — ${problems}`);
  }
  return { entries: parsed.data.entries };
}

interface Lookup {
  /** Distinct words, longest first; each with the terms of every entry that lists it. */
  words: Array<{ word: string; terms: string[] }>;
}

const lookups = new WeakMap<Thesaurus, Lookup>();

function lookupOf(thesaurus: Thesaurus): Lookup {
  let lookup = lookups.get(thesaurus);
  if (!lookup) {
    const byWord = new Map<string, string[]>();
    for (const entry of thesaurus.entries) {
      for (const w of entry.words) {
        const key = compact(w);
        byWord.set(key, [...new Set([...(byWord.get(key) ?? []), ...entry.terms])]);
      }
    }
    const words = [...byWord].map(([w, terms]) => ({ word: w, terms })).sort((a, b) => b.word.length - a.word.length);
    lookup = { words };
    lookups.set(thesaurus, lookup);
  }
  return lookup;
}

/** No white space, lower case ("K粉" = "k粉", "12 345" = "12345"). */
function compact(s: string): string {
  return s.replace(/\s+/g, '').toLowerCase();
}

/**
 * The legal terms behind the everyday words in a question. Longest match first: a shorter word inside a
 * longer matched one does not count again ("调解员收好处" is one match, not also "收好处").
 */
export interface ExpandOptions {
  /**
   * Positions in the compacted question where words start or end (from a segmenter). When given, a
   * two-character match must start and end on one: "没收" is not read inside "没收入" (没 / 收入).
   */
  boundaries?: ReadonlySet<number>;
}

export function expandQuery(question: string, thesaurus: Thesaurus, opts: ExpandOptions = {}): QueryExpansion {
  const text = compact(question);
  // Two-character words are where false hits live ("没收" in "没收入"); longer phrases ("卡租给") are
  // specific enough to cross a segmenter's word boundary.
  const aligned = (at: number, len: number) => !opts.boundaries || len > 2 || (opts.boundaries.has(at) && opts.boundaries.has(at + len));
  const taken = new Array<boolean>(text.length).fill(false);
  const terms: string[] = [];
  const matched: string[] = [];
  for (const { word, terms: wordTerms } of lookupOf(thesaurus).words) {
    let found = false;
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
      if (taken.slice(at, at + word.length).some(Boolean) || !aligned(at, word.length)) continue;
      taken.fill(true, at, at + word.length);
      found = true;
    }
    if (!found) continue;
    matched.push(word);
    for (const t of wordTerms) {
      if (!terms.includes(t) && !text.includes(compact(t))) terms.push(t);
    }
  }
  return { terms, matched };
}
