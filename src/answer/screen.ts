// The screen: a message no legal or report knowledge base could answer — small talk, the weather, a parcel,
// a booking — is declined before any search, by a classifier learned from labelled examples
// (knowledge/screen/off-topic.jsonl against questions people ask about laws and the district; npm run learn
// fits knowledge/learned/screen.json and chooses its threshold on folds so that at most 0.5 % of residents'
// answerable questions are screened out). Whether the knowledge base holds a legal question's answer is the decision's
// business, later; the screen only knows what is never ours.
import type { ScreenModel } from '../knowledge/learned.js';
import { meanLogOdds } from '../search/learn/naive-bayes.js';
import { normalize, scriptRuns } from '../search/text.js';
import { contentWords, isStopWord } from '../search/tokenizer.js';

/**
 * What the screen looks at: the words (jieba, no function words) and the character pairs of the Chinese, whole
 * latin words, numbers as a shape. Words and pairs together caught the most off-topic examples at the same
 * share of residents' questions let through (measured out of fold: 0.77 against 0.73 for pairs, 0.69 for words).
 */
export function screenFeatures(question: string): string[] {
  const out: string[] = contentWords(question).filter((w) => !isStopWord(w) && w.length > 1);
  for (const run of scriptRuns(normalize(question))) {
    if (!run.cjk) {
      out.push(/^\d/u.test(run.text) ? '#num' : run.text);
      continue;
    }
    if (run.text.length === 1) out.push(run.text);
    for (let i = 0; i + 1 < run.text.length; i++) out.push(run.text.slice(i, i + 2));
  }
  return out;
}

/** Log-odds that a message is a question for us rather than off topic (higher: ours). */
export function inScopeOdds(model: ScreenModel, question: string): number {
  return meanLogOdds(model, screenFeatures(question));
}

export function screensOut(model: ScreenModel | undefined, question: string): boolean {
  return !!model && inScopeOdds(model, question) < model.threshold;
}
