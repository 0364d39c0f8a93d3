// The lexicon that reads report questions is data: the shipped file passes its schema, and a broken
// one fails loudly, naming the place.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseQuestionReading, QUESTION_READING_FILE, QuestionReadingError, questionReading } from '../../src/knowledge/question-reading.js';

const shipped = JSON.parse(fs.readFileSync(QUESTION_READING_FILE, 'utf8')) as Record<string, unknown>;

describe('knowledge/question-reading.json', () => {
  it('passes its schema', () => {
    expect(questionReading().years.relative.map((r) => r.word)).toEqual(['今年', '去年', '前年', '明年']);
    expect(questionReading().facts.maxAnswerChars).toBeLessThan(600);
  });

  it('names what is wrong in a broken file', () => {
    const broken = structuredClone(shipped) as { staffIntents: Record<string, string> };
    broken.staffIntents.measures = '(做了';
    expect(() => parseQuestionReading(broken)).toThrow(QuestionReadingError);
    expect(() => parseQuestionReading(broken)).toThrow(/staffIntents\.measures: not a valid regular expression/u);
    const empty = { ...structuredClone(shipped), plans: { future: [], futureAtStart: ['以后'], intent: ['打算'], past: ['了'] } };
    expect(() => parseQuestionReading(empty)).toThrow(/plans\.future/u);
    expect(() => parseQuestionReading({ ...structuredClone(shipped), extra: 1 })).toThrow(/Unrecognized key/u);
  });
});
