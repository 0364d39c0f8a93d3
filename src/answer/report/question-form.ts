// What kind of sentence a question asks for, beyond its topic words: an enumeration ("哪几个机制")
// wants the sentence that lists them, "谁" the sentence with the person or body, "什么时候" the one with
// the time, "有没有" the one that says whether. Sentence choice adds a bonus for the asked form.
import { anyOf, questionReading } from '../../knowledge/question-reading.js';

export type AskedForm = 'enumeration' | 'who' | 'when' | 'yesNo';

interface Patterns {
  enumerationWord: RegExp;
  enumerationNoun: RegExp;
  who: RegExp;
  when: RegExp;
  yesNo: RegExp;
  agents: RegExp;
  times: RegExp;
  negations: RegExp;
}

let compiled: Patterns | undefined;
function patterns(): Patterns {
  if (!compiled) {
    const { asks, sentences } = questionReading();
    compiled = {
      enumerationWord: anyOf(asks.enumeration.words),
      enumerationNoun: anyOf(asks.enumeration.nouns),
      who: anyOf(asks.who),
      when: anyOf(asks.when),
      yesNo: anyOf(asks.yesNo),
      agents: anyOf(sentences.agents),
      times: anyOf(sentences.times),
      negations: anyOf(sentences.negations),
    };
  }
  return compiled;
}

/** The forms a question asks for (none for a plain "what does it say"). */
export function askedForms(question: string): AskedForm[] {
  const p = patterns();
  const out: AskedForm[] = [];
  if (p.enumerationWord.test(question) && p.enumerationNoun.test(question)) out.push('enumeration');
  if (p.who.test(question)) out.push('who');
  if (p.when.test(question)) out.push('when');
  if (p.yesNo.test(question)) out.push('yesNo');
  return out;
}

/** How many things a sentence lists: items between 、, or "一是…二是…", or "六大工作机制". */
export function listedItems(sentence: string): number {
  const commas = (sentence.match(/、/gu) ?? []).length;
  const marked = (sentence.match(/[一二三四五六七八九十]是/gu) ?? []).length;
  const named = /[两二三四五六七八九十]大[\p{Script=Han}]{1,6}/u.test(sentence) ? 3 : 0;
  return Math.max(commas > 0 ? commas + 1 : 0, marked, named);
}

/**
 * 0–1 for an enumeration: a list whose category the question names ("…、案件处置等重大事项" for "重大事项
 * 主要是哪几类", "六大工作机制" for "工作机制") is the enumerating sentence; any other list counts half.
 */
function enumerationFit(sentence: string, question: string): number {
  const items = listedItems(sentence);
  if (items < 2) return 0;
  const categories = [...sentence.matchAll(/(?:等|[两二三四五六七八九十]大)(\p{Script=Han}{2,8})/gu)].map((m) => m[1]!);
  const named = categories.some((c) => [...Array(c.length - 1).keys()].some((i) => question.includes(c.slice(i, i + 2))));
  return named ? 1 : (Math.min(items, 4) / 4) * 0.5;
}

/** 0–1: how well a sentence has the form asked for. */
function fit(form: AskedForm, sentence: string, question: string): number {
  const p = patterns();
  switch (form) {
    case 'enumeration':
      return enumerationFit(sentence, question);
    case 'who':
      return p.agents.test(sentence) ? 1 : 0;
    case 'when':
      return p.times.test(sentence) ? 1 : 0;
    case 'yesNo':
      return p.negations.test(sentence) ? 1 : 0;
  }
}

/** The bonus a sentence gets for having the forms the question asks for. */
export function formBonus(forms: readonly AskedForm[], sentence: string, question: string): number {
  const { weights } = questionReading().sentences;
  return forms.reduce((sum, f) => sum + weights[f] * fit(f, sentence, question), 0);
}

let askWords: RegExp | undefined;

/** The question without its asking words ("哪几个", "几大"): how it asks, not what it is about. */
export function withoutAskWords(question: string): string {
  askWords ??= new RegExp(`(?:${anyOf(questionReading().asks.enumeration.words).source})[个类种项条]?`, 'gu');
  return question.replace(askWords, ' ');
}
