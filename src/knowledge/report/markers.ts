// The reports enumerate measures inside a paragraph: "一是健全…。二是强化…。". Split there, keeping each marker.
import { cnToInt, intToCn } from '../numerals.js';

/** 1 → "一", 12 → "十二", 20 → "二十" (enough for ordinals in a report); "" outside 1–99. */
export function cnOrdinal(n: number): string {
  return Number.isInteger(n) && n > 0 && n < 100 ? intToCn(n) : '';
}

/** "七" → 7, "十二" → 12, "二十" → 20; 0 when it is not a small Chinese numeral written the usual way. */
export function cnOrdinalValue(s: string): number {
  const n = cnToInt(s);
  return n !== undefined && cnOrdinal(n) === s && /^[一二三四五六七八九十]+$/u.test(s) ? n : 0;
}

export interface MarkedItem {
  /** "一是" */
  marker: string;
  /** The item's text, starting with its marker. */
  text: string;
}

export interface MarkedParagraph {
  /** Text before "一是" (a lead-in sentence), possibly empty. */
  leadIn: string;
  items: MarkedItem[];
}

/**
 * Finds 一是, 二是, 三是 … in order, each at the start of the paragraph or after a sentence or clause
 * end, so "这一是非问题" never counts. Fewer than two markers is not an enumeration, except a lone
 * "一是" at the start of a paragraph.
 */
export function splitMarkers(paragraph: string): MarkedParagraph {
  const starts: Array<{ at: number; marker: string }> = [];
  let from = 0;
  for (let n = 1; n < 20; n++) {
    const marker = `${cnOrdinal(n)}是`;
    const at = findMarker(paragraph, marker, from);
    if (at < 0) break;
    starts.push({ at, marker });
    from = at + marker.length;
  }
  const first = starts[0];
  if (!first || (starts.length < 2 && first.at !== 0)) return { leadIn: paragraph, items: [] };
  const items = starts.map((s, i) => ({
    marker: s.marker,
    text: paragraph.slice(s.at, starts[i + 1]?.at ?? paragraph.length).trim(),
  }));
  return { leadIn: paragraph.slice(0, first.at).trim(), items };
}

function findMarker(text: string, marker: string, from: number): number {
  let at = text.indexOf(marker, from);
  while (at >= 0) {
    const before = text.slice(0, at).trimEnd();
    if (before === '' || /[。；;！？：:]$/u.test(before)) return at;
    at = text.indexOf(marker, at + 1);
  }
  return -1;
}
