// Rule-based follow-ups ("那2024年呢", "第二条具体怎么说", "还有呢") resolved against the previous turn.
// With a chat model configured, the model rewrites follow-ups instead (src/answer/model).
import type { Turn } from '../domain.js';
import { questionReading } from '../knowledge/question-reading.js';
import { YEAR_DIGITS } from '../knowledge/years.js';

export interface ResolvedQuestion {
  text: string;
  /** Chunks already shown, left out when the person asks for more. */
  exclude?: Set<string>;
  /** True when the question was rewritten from the history. */
  rewritten: boolean;
}

const MORE = /^(那)?(还有(呢|吗|没有|别的吗?|其他的?吗?|其他的?呢)?|更多|其他呢|别的呢|继续|接着说|再说说)[？?。!！.]*$/;
let years: { only: RegExp; inQuestion: RegExp } | undefined;
/**
 * A follow-up that is only a year ("那2024年呢", "去年呢"), and the year of the question before that it
 * replaces: written out, or one of the relative words as question-reading.json says them (今年, 去年 …).
 */
function yearPatterns(): NonNullable<typeof years> {
  if (years) return years;
  const relative = questionReading().years.relative.map((r) => r.word).join('|');
  years = {
    only: new RegExp(`^(那|那么)?\\s*(${YEAR_DIGITS}\\s*年?|${relative})(度)?(的情况|怎么样|的呢|呢|的)*[？?。!！]*$`),
    inQuestion: new RegExp(`(${YEAR_DIGITS})\\s*年|${relative}`, 'g'),
  };
  return years;
}
const ARTICLE_ONLY = /^(那|那么)?\s*(第[0-9零〇一二三四五六七八九十百千两]+条(?:之[一二三四五六七八九十])?)(呢|具体|怎么|是|讲|说|规定|的|内容|什么|原文|样)*[？?。!！]*$/;
const THAT_LAW = /(该法|这部法律?|这个法律?|这部条例|这个条例|这条法律|这部法规|这个规定)/;

function lastResolved(history: readonly Turn[]): Turn | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const t = history[i]!;
    if (t.answer?.answered !== false || t.resolved) return t;
  }
  return undefined;
}

export function resolveFollowUp(question: string, history: readonly Turn[] = []): ResolvedQuestion {
  const prev = lastResolved(history);
  if (!prev) return { text: question, rewritten: false };
  const prevText = prev.resolved ?? prev.question;
  const q = question.trim();

  if (MORE.test(q)) {
    const exclude = new Set<string>();
    // Everything shown since this question was first asked.
    for (const t of history) if ((t.resolved ?? t.question) === prevText) t.answer?.citations.slice(0, 2).forEach((c) => exclude.add(c.id));
    return { text: prevText, exclude, rewritten: true };
  }

  const year = q.match(yearPatterns().only);
  if (year) {
    const y = year[2]!.replace(/\s|年/g, '');
    const replaced = prevText.replace(yearPatterns().inQuestion, /^\d+$/.test(y) ? `${y}年` : y);
    return { text: replaced === prevText ? `${/^\d+$/.test(y) ? `${y}年` : y}${prevText}` : replaced, rewritten: true };
  }

  const regCitation = prev.answer?.citations.find((c) => c.kind === 'regulation');
  const article = q.match(ARTICLE_ONLY);
  if (article && regCitation) return { text: `《${regCitation.title}》${article[2]}具体怎么规定`, rewritten: true };

  if (THAT_LAW.test(q) && regCitation) return { text: q.replace(THAT_LAW, `《${regCitation.title}》`), rewritten: true };

  return { text: question, rewritten: false };
}
