// The answer core's word lists are data: both files ship valid, and a broken one is refused with the
// file and the field named, before any question is read with it.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ANSWER_LEXICON_FILE,
  answerLexicon,
  answerLexiconSchema,
  COUNTING_UNITS_FILE,
  countingUnits,
  countingUnitsSchema,
  LexiconError,
  parseLexicon,
} from '../../src/knowledge/lexicons.js';

const raw = (file: string): Record<string, unknown> => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;

describe('knowledge/answer-lexicon.json and knowledge/counting-units.json', () => {
  it('load as shipped', () => {
    expect(answerLexicon().refusals.injection.length).toBeGreaterThan(0);
    expect(countingUnits().report.units).toContain('人次');
  });

  /** The file's data with one field set (or taken out, for undefined). */
  function broken(file: string, [group, field]: readonly [string, string], value: unknown): Record<string, unknown> {
    const data = raw(file);
    const inner = data[group] as Record<string, unknown>;
    if (value === undefined) delete inner[field];
    else inner[field] = value;
    return data;
  }

  it.each([
    ['a pattern that does not compile', ANSWER_LEXICON_FILE, answerLexiconSchema, ['refusals', 'harmful'], '(怎么'],
    ['an empty word list', ANSWER_LEXICON_FILE, answerLexiconSchema, ['evidence', 'generic'], []],
    ['a missing list of units', COUNTING_UNITS_FILE, countingUnitsSchema, ['asked', 'count'], undefined],
  ] as const)('refuses %s, naming where', (_what, file, schema, at, value) => {
    const data = broken(file, at, value);
    expect(() => parseLexicon(schema as never, data, file)).toThrow(LexiconError);
    expect(() => parseLexicon(schema as never, data, file)).toThrow(at.join('.'));
  });
});
