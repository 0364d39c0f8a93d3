// Does what we found actually answer the question? We weigh the question's content words by how rare
// they are in the corpus and ask how much of that weight the best passages contain. "开发区有多少常住
// 人口" finds many passages about 开发区, but none says 常住 or 人口: a near miss, not an answer.
import type { Bm25Index } from '../search/bm25.js';
import { normalize } from '../search/text.js';
import { contentWords, isEverydayWord } from '../search/tokenizer.js';

/** Words that tell nothing about what is asked here: every passage is about the district and the law. */
const GENERIC = new Set(
  '开发区 启东 启东市 经济 园区 经济开发区 开发 我们 我 你 您 他 她 政府 情况 工作 方面 问题 规定 法律 法规 条例 国家 怎么办 办 可以 需要 一下 现在 有没有 是不是 知道 告诉 有关 相关 什么样 时候 年 年度 今年 去年 哪些 哪个 多少 几 怎么样 能不能 会不会 要不要 有没有 吗 呢 啥 咋 咋办 呀 哦 嗯 想 问 请问 了解 说 讲 做 搞 些 人 家 里 合法 违法 是否 具体 内容 报告 规定 主要 一般 那'.split(
    ' ',
  ),
);

export interface Coverage {
  /** 0–1: the share of the question's weighted content words found in the evidence. */
  ratio: number;
  missing: string[];
}

/** "够不够", "能不能", "要不要": the form of a yes/no question, not its topic. */
const A_NOT_A = /^(.+)[不没]\1$/;
/** "一共几次", "多少个", "到底": how a question asks, not what about. */
const ASKING = /^((一共|总共|合计|总计|到底|究竟|大概|大约|一般|几|多少)[次个家条起件批名场份项人天年位回遍种些]?|多少钱|怎么样|怎样|如何|是否|能否|可否)$/;

export function questionWords(question: string): string[] {
  const words = contentWords(question).filter((w) => !GENERIC.has(w) && !/^\d+$/.test(w) && !A_NOT_A.test(w) && !ASKING.test(w));
  // cutForSearch yields "同一个" and also "同一", "一个": keep the longest, drop contained pieces already covered.
  return [...new Set(words)].filter((w, _, all) => !all.some((o) => o !== w && o.length > w.length && o.includes(w) && w.length === 1));
}

function weight(word: string, bm25: Bm25Index): number {
  if (word.length === 1) return 0.3;
  if (isEverydayWord(word)) return 0.3;
  const df = bm25.docFreq(word);
  // Rare words decide what the question is about. Words absent from the corpus are often just everyday wording ("家里人", "老百姓"), not a topic we
  // lack: they weigh as a rare word, not as the rarest possible one.
  return df === 0 ? 0.8 * Math.log(1 + bm25.size) : bm25.idf(word);
}

/**
 * `evidence` is the text of the best passages; `bridges` maps a question word to legal terms the
 * thesaurus offers for it: finding one of those counts as finding the word.
 */
export function coverage(question: string, evidence: string, bm25: Bm25Index, bridges: (word: string) => string[]): Coverage {
  const ev = normalize(evidence);
  const words = questionWords(question);
  let total = 0;
  let found = 0;
  const missing: string[] = [];
  for (const w of words) {
    const wt = weight(w, bm25);
    total += wt;
    if (ev.includes(w) || bridges(w).some((b) => ev.includes(b))) {
      found += wt;
      continue;
    }
    // Partial credit when most of a long word's character pairs occur ("消防通道" vs "消防车通道").
    if (w.length >= 3) {
      const pairs = [...Array(w.length - 1).keys()].map((i) => w.slice(i, i + 2));
      const hit = pairs.filter((p) => ev.includes(p)).length / pairs.length;
      found += wt * hit * 0.6;
      if (hit < 0.5) missing.push(w);
    } else missing.push(w);
  }
  return { ratio: total === 0 ? 0 : found / total, missing };
}
