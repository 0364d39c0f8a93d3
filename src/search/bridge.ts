// The lay-to-legal bridge: which statute words a question word points to, learned from real questions and the
// articles a lawyer judged to answer them (npm run learn: IBM Model 1 over question words → article words,
// STARD's training questions). Only these derived figures ship, never the questions. A question's words
// vote for statute words; the strongest become extra query terms ("房东" → 出租人, 租赁).
import { contentWords } from './tokenizer.js';

export interface BridgeTable {
  /** question word → [statute word, P(statute word | question word)], strongest first */
  entries: Record<string, [string, number][]>;
}

/** Words that can carry meaning across the bridge: two characters or more, not a bare number. */
export function bridgeWords(text: string): string[] {
  return contentWords(text).filter((w) => w.length >= 2 && !/^\d+$/u.test(w));
}

export interface BridgeExpansion {
  /** statute word → weight, the strongest 1.0 */
  words: Map<string, number>;
}

/** How many statute words a question gains at most: more only adds noise (measured: 10 and 20 alike). */
export const BRIDGE_WORDS = 20;

/** `question` as text, or as its bridgeWords when the caller already has them. */
export function crossBridge(table: BridgeTable | undefined, question: string | readonly string[], limit = BRIDGE_WORDS): BridgeExpansion {
  const words = new Map<string, number>();
  if (!table) return { words };
  const qw = typeof question === 'string' ? bridgeWords(question) : question;
  for (const t of qw) {
    for (const [w, p] of table.entries[t] ?? []) {
      if (w === t) continue; // the question already says it
      words.set(w, (words.get(w) ?? 0) + p / qw.length);
    }
  }
  const top = [...words].sort((a, b) => b[1] - a[1]).slice(0, limit);
  const max = top[0]?.[1] || 1;
  return { words: new Map(top.map(([w, p]) => [w, p / max])) };
}
