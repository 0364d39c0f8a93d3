// What a linked-question line names for a passage staff picked: an article by law and number, or a report
// passage by year and a verbatim quote from it that occurs once in that report (robust to re-chunking).
import type { Chunk, Report } from '../../domain.js';
import { lawKey, type LinkTarget } from '../../knowledge/linked-questions.js';

const QUOTE_MIN = 8;
const QUOTE_MAX = 60;
const compact = (s: string): string => s.replace(/\s+/gu, '');

function occurrences(haystack: string, needle: string): number {
  let n = 0;
  for (let at = haystack.indexOf(needle); at >= 0 && n < 2; at = haystack.indexOf(needle, at + 1)) n++;
  return n;
}

/** The report as one text per paragraph and heading (compacted), joined by a character no quote contains. */
function reportText(report: Report): string {
  return report.sections.flatMap((s) => [s.heading, ...s.paragraphs]).map(compact).join('\u0000');
}

/** The first sentence (or clause) of the passage that is 8–60 characters and unique in its report; else a unique window. */
export function distinctiveQuote(text: string, report: Report | undefined): string | undefined {
  const haystack = report ? reportText(report) : compact(text);
  const unique = (q: string) => compact(q).length >= QUOTE_MIN && occurrences(haystack, compact(q)) === 1;
  const sentences = text.match(/[^。；;！？!?]+/gu) ?? [];
  for (const s of sentences) {
    const q = s.trim().slice(0, QUOTE_MAX).trim();
    if (unique(q)) return q;
  }
  // Every sentence repeats elsewhere (or is too short): slide a window over the passage.
  const chars = [...text.trim()];
  for (const width of [20, 30, QUOTE_MAX]) {
    for (let i = 0; i + width <= chars.length; i += 5) {
      const q = chars.slice(i, i + width).join('').trim();
      if (unique(q)) return q;
    }
  }
  return undefined;
}

/** The line's target for a passage, or undefined when the passage cannot be named (an article without number). */
export function linkTargetFor(chunk: Chunk, reports: readonly Report[]): LinkTarget | undefined {
  if (chunk.kind === 'regulation') {
    if (!chunk.article) return undefined;
    return { law: chunk.shortTitle ?? lawKey(chunk.title), article: chunk.article };
  }
  if (chunk.kind === 'report' && chunk.year !== undefined) {
    const quote = distinctiveQuote(chunk.text, reports.find((r) => r.year === chunk.year));
    return quote ? { report: chunk.year, quote } : undefined;
  }
  return undefined;
}

/** A target as staff read it: "行政处罚法 第三十六条", "2023年报告「累计组织学习…」". */
export function targetLabel(target: LinkTarget): string {
  return 'law' in target ? `${target.law} ${target.article}` : `${target.report}年报告「${target.quote}」`;
}
