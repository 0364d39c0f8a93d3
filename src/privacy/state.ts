// Conversation state is kept for days (SQLite, Redis): the questions and answers it remembers are stored with
// personal numbers masked, like feedback. Only those texts are touched — ids, eTags and citations pass as they are.
import type { Storage, StoreItems } from 'botbuilder';
import { maskPersonalData } from './mask.js';

/** Fields of the remembered turns that hold what people typed (bot/conversation.ts). */
const PERSONAL_TEXT = new Set(['question', 'resolved', 'answer']);

function maskTexts(value: unknown, key: string | undefined, depth: number): unknown {
  if (typeof value === 'string') return key !== undefined && PERSONAL_TEXT.has(key) ? maskPersonalData(value) : value;
  if (depth <= 0 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskTexts(v, undefined, depth - 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskTexts(v, k, depth - 1);
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
