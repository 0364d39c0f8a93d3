// The answer core's word lists as data (knowledge/answer-lexicon.json, knowledge/counting-units.json),
// checked by a schema when first read, like question-reading.json: what is declined before any search,
// which words say nothing about a question's topic, and the counting units. Code holds the mechanism.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { pattern } from './question-reading.js';

const KNOWLEDGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../knowledge');
export const ANSWER_LEXICON_FILE = path.join(KNOWLEDGE_DIR, 'answer-lexicon.json');
export const COUNTING_UNITS_FILE = path.join(KNOWLEDGE_DIR, 'counting-units.json');

const words = z.array(z.string().min(1)).min(1);
const answerLexiconSchema = z.object({
  description: z.string(),
  refusals: z.object({
    injection: z.array(pattern).min(1),
    harmful: pattern,
    personal: pattern,
    personDetails: pattern,
  }),
  evidence: z.object({ generic: words, askingWords: words, askingForms: words }),
  filler: words,
});

const countingUnitsSchema = z.object({
  description: z.string(),
  report: z.object({ units: words }),
  classifiers: z.object({ units: words }),
  stated: z.object({ afterDigits: words, afterNumerals: words }),
  asked: z.object({ figure: words, count: words, asking: words, questionWord: words }),
});

export type AnswerLexicon = z.infer<typeof answerLexiconSchema>;
export type CountingUnits = z.infer<typeof countingUnitsSchema>;

export class LexiconError extends Error {}

/** A knowledge file read and checked against its schema; the error names the file and what is wrong. */
export function parseLexicon<T>(schema: z.ZodType<T>, raw: unknown, file: string): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new LexiconError(`Invalid ${file} — ${problems}`);
  }
  return parsed.data;
}

function read<T>(schema: z.ZodType<T>, file: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new LexiconError(`Cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return parseLexicon(schema, raw, file);
}

let lexicon: AnswerLexicon | undefined;
let units: CountingUnits | undefined;

export const answerLexicon = (): AnswerLexicon => (lexicon ??= read(answerLexiconSchema, ANSWER_LEXICON_FILE));
export const countingUnits = (): CountingUnits => (units ??= read(countingUnitsSchema, COUNTING_UNITS_FILE));
export { answerLexiconSchema, countingUnitsSchema };

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

/** An alternation over words in the order given (the file's order is the matching order). */
export const inOrder = (list: readonly string[]): string => list.map(escape).join('|');

/** A character class over single-character units: "[次个家…]". */
export const charClass = (list: readonly string[]): string => `[${list.map((c) => c.replace(/[\]\\^-]/gu, '\\$&')).join('')}]`;
