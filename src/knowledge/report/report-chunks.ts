// Report chunks follow the document's structure: one per 一是… item, or per paragraph when a
// paragraph has no markers; long ones are cut at sentence ends, never inside a sentence.
import type { Chunk, Report, ReportSection } from '../../domain.js';
import { splitMarkers } from './markers.js';
import { sectionLabel } from './parse-report.js';

/** Longer passages are cut at 。/； so a citation stays a readable quote. */
export const MAX_CHUNK_CHARS = 300;

/** Clauses ending in 。；！？ (the mark kept); the units a long passage is cut between. */
function clauses(text: string): string[] {
  return text.match(/[^。；;！？!?]+(?:[。；;！？!?]+[”’」』]?|$)/gu) ?? [text];
}

/** Cuts a passage into pieces of about equal length, each at most MAX_CHUNK_CHARS unless one sentence is longer. */
export function splitLongPassage(text: string, max = MAX_CHUNK_CHARS): string[] {
  if (text.length <= max) return [text];
  const parts = clauses(text);
  const target = text.length / Math.ceil(text.length / max);
  const out: string[] = [];
  let current = '';
  for (const part of parts) {
    if (current !== '' && (current.length + part.length > max || current.length + part.length / 2 > target)) {
      out.push(current);
      current = '';
    }
    current += part;
  }
  if (current !== '') out.push(current);
  return out.map((p) => p.trim()).filter((p) => p !== '');
}

/** The passages of one section, before cutting: the lead-in stays with the first item it introduces. */
function passages(section: ReportSection): string[] {
  const out: string[] = [];
  for (const p of section.paragraphs) {
    const { leadIn, items } = splitMarkers(p);
    if (items.length === 0) {
      out.push(p);
      continue;
    }
    items.forEach((item, i) => out.push(i === 0 && leadIn !== '' ? `${leadIn}${item.text}` : item.text));
  }
  return out;
}

/** "（七）建立应急预案，依法应对重大突发事件情况" → the heading as a sentence, to open its section's first chunk. */
function headingSentence(heading: string): string {
  return /[。！？：]$/u.test(heading) ? heading : `${heading}。`;
}

export function reportChunks(report: Report): Chunk[] {
  const chunks: Chunk[] = [];
  for (const section of report.sections) {
    const label = sectionLabel(section);
    const texts = passages(section).flatMap((p) => splitLongPassage(p));
    // A level-2 heading says what the section is about; make it findable and quotable with its first passage.
    if (section.path.length === 2) {
      const heading = headingSentence(section.heading);
      const bare = section.heading.replace(/^[（(][^）)]*[）)]\s*/u, '');
      const ordinal = section.heading.slice(0, section.heading.length - bare.length);
      const first = texts[0];
      if (first === undefined) texts.push(heading);
      // A body that opens with the heading's words (a one-sentence item) needs only the ordinal back.
      else if (first.startsWith(bare)) texts[0] = `${ordinal}${first}`;
      else texts[0] = `${heading}${first}`;
    }
    const [l1 = 0, l2 = 0] = section.ordinals;
    texts.forEach((text, i) => {
      chunks.push({
        id: `report-${report.year}-${l1}-${l2}-${i + 1}`,
        kind: 'report',
        title: report.title,
        text,
        year: report.year,
        section: label,
        source: report.source,
      });
    });
  }
  return chunks;
}
