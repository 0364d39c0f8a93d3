// Citations for staff answers point at the same chunk ids the index uses, so every channel links them alike.
import type { Chunk, Citation, Report } from '../../domain.js';
import { reportChunks } from '../../knowledge/report/index.js';

const chunkCache = new WeakMap<Report, Chunk[]>();

function chunksOf(report: Report): Chunk[] {
  let chunks = chunkCache.get(report);
  if (!chunks) {
    chunks = reportChunks(report);
    chunkCache.set(report, chunks);
  }
  return chunks;
}

/** First sentence (up to 。；), the part of a measure that most surely lies within one chunk. */
function firstSentence(text: string): string {
  return /^[^。；！？]+[。；！？]?/u.exec(text)?.[0] ?? text;
}

/** A citation of `text` (a measure, plan or sentence) in `section` of `report`, score 1 (looked up, not ranked). */
export function cite(report: Report, section: string, text: string): Citation {
  const chunks = chunksOf(report);
  const head = firstSentence(text);
  const inSection = chunks.filter((c) => c.section === section);
  const chunk = inSection.find((c) => c.text.includes(head)) ?? inSection.find((c) => head.includes(c.text)) ?? inSection[0] ?? chunks[0];
  return {
    id: chunk?.id ?? `report-${report.year}`,
    kind: 'report',
    title: report.title,
    year: report.year,
    section,
    text,
    score: 1,
  };
}

/** "一是完善突发事件应对制度。" — a list item short enough to read at a glance; the citation holds the rest. */
export function summary(text: string, max = 60): string {
  const first = firstSentence(text);
  if (first.length <= max) return first;
  const cut = first.lastIndexOf('，', max);
  return `${first.slice(0, cut > 10 ? cut : max)}……`;
}
