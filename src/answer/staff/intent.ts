// What kind of staff lookup a question asks for. Anything else (a single figure, "怎么处理的") is left
// to the general retrieval, which quotes the passage. The patterns are data:
// knowledge/question-reading.json, staffIntents.
import { questionReading } from '../../knowledge/question-reading.js';

export type StaffIntent = 'compare-plans' | 'compare-figures' | 'figures' | 'plans' | 'shortcomings' | 'measures';

type Patterns = Record<'comparePlans' | 'change' | 'severalYears' | 'figures' | 'plans' | 'shortcomings' | 'measures', RegExp>;

let compiled: Patterns | undefined;
function patterns(): Patterns {
  if (!compiled) {
    const { note: _note, ...sources } = questionReading().staffIntents;
    compiled = Object.fromEntries(Object.entries(sources).map(([k, src]) => [k, new RegExp(src, 'u')])) as Patterns;
  }
  return compiled;
}

export function detectIntent(question: string, explicitYearCount: number): StaffIntent | undefined {
  const p = patterns();
  if (p.comparePlans.test(question)) return 'compare-plans';
  if (p.change.test(question) && (explicitYearCount >= 2 || p.severalYears.test(question))) return 'compare-figures';
  if (p.figures.test(question)) return 'figures';
  if (p.plans.test(question)) return 'plans';
  if (p.shortcomings.test(question)) return 'shortcomings';
  if (p.measures.test(question)) return 'measures';
  return undefined;
}
