// How questions about the report are read (knowledge/question-reading.json): years relative to today,
// plan questions, the kind of answer a question wants, and which clauses of a measure carry its facts.
// The words are data, checked by a schema, so they can be extended without touching the code that
// uses them. The file ships with the program (like prompts/), next to the thesaurus.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const QUESTION_READING_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../knowledge/question-reading.json');

const words = z.array(z.string().trim().min(1)).min(1);
const weight = z.number().min(0).max(1);
/** A regular expression's source; checked to compile. The other lexicons (src/knowledge/lexicons.ts) use it too. */
export const pattern = z.string().min(1).refine((src) => {
  try {
    new RegExp(src, 'u');
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

const schema = z
  .object({
    description: z.string().optional(),
    years: z
      .object({
        /** 今年/去年/前年/明年 and their other forms, as an offset from the current year. */
        relative: z.array(z.object({ word: z.string().min(1), forms: words, offset: z.number().int().min(-5).max(5) }).strict()).min(1),
        /** "本年度以来" is a report's phrase, not a question's year. */
        notRelativeAfter: z.array(z.string().min(1)),
        /** "最近", "最新的报告": the newest report held, whatever year it is. */
        latest: words,
      })
      .strict(),
    plans: z
      .object({
        /** Time words that put a question after the report: "明年", "接下来". */
        future: words,
        /** Words that mean "later" only when they open the question ("以后…"; "罚款以后" is not a plan). */
        futureAtStart: words,
        /** Asking what is intended: "打算", "准备". */
        intent: words,
        /** Words that make an intent word a question about the past ("是怎么安排的"). */
        past: words,
      })
      .strict(),
    district: z
      .object({
        note: z.string().min(1),
        /** The district as people name it: "开发区", "园区", "我们这里". */
        places: words,
        /** Naming the report itself: "报告里说", "法治报告". */
        reportWords: words,
        /** Words that make a question about what was done ("搞了", "开展", "做得怎么样"). */
        pastAction: words,
        /** "信访事项是怎么依法处理的": asks how something was done, naming no place. */
        pastConstruction: pattern,
        /** …unless it asks what a law says ("是怎么规定的"). */
        lawWords: words,
      })
      .strict(),
    /** What a question asks for: a list, a person or body, a time, a yes or no. */
    asks: z
      .object({
        enumeration: z.object({ words, nouns: words }).strict(),
        who: words,
        when: words,
        yesNo: words,
      })
      .strict(),
    /** What a sentence has that such a question wants, and how much that adds to its score. */
    sentences: z
      .object({
        agents: words,
        times: words,
        negations: words,
        weights: z.object({ enumeration: weight, who: weight, when: weight, yesNo: weight }).strict(),
        weightsNote: z.string().min(1),
      })
      .strict(),
    /** Words removed from a staff question to leave its topic ("安全生产方面做了哪些工作" → "安全生产"). */
    topics: z.object({ note: z.string().min(1), questionWords: words }).strict(),
    /** What a part of a question asks for, to say what the report does not state. */
    partial: z
      .object({
        note: z.string().min(1),
        figureAsk: words,
        /** The counting word asked with 多少/几 → the units of a figure that answers it ("钱" → 元). */
        units: z.record(z.string().min(1), words),
        /** A part of a question without any of these is context ("行政官司开庭，…"), not an ask. */
        askMarkers: words,
        whatAsk: words,
        notWhat: words,
        generic: words,
      })
      .strict(),
    /** Which structured lookup a staff question asks for: regular expressions, tried in this order. */
    staffIntents: z
      .object({
        note: z.string().min(1),
        comparePlans: pattern,
        change: pattern,
        severalYears: pattern,
        figures: pattern,
        plans: pattern,
        shortcomings: pattern,
        measures: pattern,
      })
      .strict(),
    /** What makes a clause of a measure a fact rather than its purpose, and the topic answers' length. */
    facts: z
      .object({
        note: z.string().min(1),
        adverbs: words,
        effectOpenings: words,
        effectEndings: words,
        maxAnswerChars: z.number().int().min(200).max(2000),
      })
      .strict(),
  })
  .strict();

export type QuestionReading = z.infer<typeof schema>;

export class QuestionReadingError extends Error {
  override readonly name = 'QuestionReadingError';
}

export function parseQuestionReading(raw: unknown, file = QUESTION_READING_FILE): QuestionReading {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new QuestionReadingError(`Invalid ${file} — ${problems}`);
  }
  return parsed.data;
}

let cached: QuestionReading | undefined;

/** The lexicon, read and checked the first time it is needed. */
export function questionReading(): QuestionReading {
  if (!cached) {
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(QUESTION_READING_FILE, 'utf8'));
    } catch (err) {
      throw new QuestionReadingError(`Cannot read ${QUESTION_READING_FILE}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    cached = parseQuestionReading(raw);
  }
  return cached;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

/** One alternation over a word list, longest first so "最近一年" wins over "最近". */
export function anyOf(list: readonly string[], flags = 'u'): RegExp {
  return new RegExp([...list].sort((a, b) => b.length - a.length).map(escape).join('|'), flags);
}
