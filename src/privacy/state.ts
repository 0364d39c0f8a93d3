// Conversation state is kept for days (SQLite, Redis): the questions and answers it remembers are stored with
// personal numbers masked, like feedback. Only those texts are touched — ids, eTags and citations pass as they are.
import type { Storage, StoreItems } from 'botbuilder';
import { maskPersonalData } from '../mask.js';

/** Fields of the remembered turns that hold what people typed (bot/conversation.ts). */
const PERSONAL_TEXT = new Set(['question', 'resolved', 'answer']);

/**
 * Every write stores the conversation's last turns again, and most answers are the same few texts, so a
 * text found to hold nothing to mask is remembered (most recently used last) instead of scanned on every
 * write. A text that did hold personal numbers is not kept: no cache of what people typed.
 */
const MEMO_SIZE = 1000;
const clean = new Set<string>();

function masked(text: string): string {
  if (clean.has(text)) {
    // Most recently used last: Set order is the eviction order.
    clean.delete(text);
    clean.add(text);
    return text;
  }
  const result = maskPersonalData(text);
  if (result === text) {
    if (clean.size >= MEMO_SIZE) clean.delete(clean.values().next().value as string);
    clean.add(text);
  }
  return result;
}

function maskTexts(value: unknown, key: string | undefined, depth: number): unknown {
  if (typeof value === 'string') return key !== undefined && PERSONAL_TEXT.has(key) ? masked(value) : value;
  if (depth <= 0 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskTexts(v, undefined, depth - 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k in source) out[k] = maskTexts(source[k], k, depth - 1);
  return out;
}

export function maskingStorage(storage: Storage): Storage {
  return {
    read: (keys) => storage.read(keys),
    delete: (keys) => storage.delete(keys),
    write: (changes: StoreItems) => {
      const masked: StoreItems = {};
      for (const [key, item] of Object.entries(changes)) masked[key] = maskTexts(item, undefined, 12);
      return storage.write(masked);
    },
  };
}
