// Is a question about what the district plans to do? Read from time and intent words
// (knowledge/question-reading.json), not from a fixed list of verbs: "明年…准备怎么做", "接下来…要建什么",
// "以后…还会…吗" and "下一年度要…" all ask for the plans part of a report.
import { anyOf, questionReading } from '../../knowledge/question-reading.js';
import { saysWord } from '../../search/tokenizer.js';

interface PlanPatterns {
  future: RegExp;
  futureAtStart: RegExp;
  intent: RegExp;
  past: RegExp;
}

let compiled: PlanPatterns | undefined;
function patterns(): PlanPatterns {
  if (!compiled) {
    const { plans, district } = questionReading();
    compiled = {
      future: anyOf(plans.future),
      // "以后…" opens a question about later; "罚款以后" is a time within a case. Place words may come first.
      futureAtStart: new RegExp(`^(?:${anyOf(district.places).source})?(?:的)?(?:${anyOf(plans.futureAtStart).source})`, 'u'),
      intent: anyOf(plans.intent),
      past: anyOf(plans.past),
    };
  }
  return compiled;
}

/** A time word that puts the question after the report ("明年", "接下来", "以后…"). */
export function asksAboutLater(norm: string): boolean {
  const p = patterns();
  return saysWord(p.future, norm) || p.futureAtStart.test(norm.trim());
}

/**
 * A plan question: it asks about a time after the report, or what is intended without asking what
 * was done ("准备怎么做" is a plan, "是怎么安排的" is not).
 */
export function isPlanQuestion(norm: string): boolean {
  const p = patterns();
  return asksAboutLater(norm) || (saysWord(p.intent, norm) && !saysWord(p.past, norm));
}
