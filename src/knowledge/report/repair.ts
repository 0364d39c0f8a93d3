// Text extracted from a PDF breaks paragraphs at page ends ("常抓" / "不懈"). Rejoin them before parsing.

/** Level-1 heading: "一、本年度推进法治政府建设的主要举措和成效". */
export const LEVEL1_HEADING = /^([一二三四五六七八九十]{1,3})、\s*\S/u;
/** Level-2 heading: "（七）建立应急预案…" (full-width or ASCII brackets). */
export const LEVEL2_HEADING = /^[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]\s*\S/u;

/** Punctuation a finished paragraph ends with; anything else means the text ran on past a page break. */
const CLOSING = /[。；！？：”’」』）)…—.!?;:]$/u;

/** Headings are short; a long line that starts with "一、" is body text that happens to begin like one. */
const MAX_LEVEL1_LENGTH = 60;

export function isLevel1Heading(line: string): boolean {
  return LEVEL1_HEADING.test(line) && (line.length <= MAX_LEVEL1_LENGTH || /[。]/u.test(line));
}

export function isLevel2Heading(line: string): boolean {
  return LEVEL2_HEADING.test(line);
}

export function isHeading(line: string): boolean {
  return isLevel1Heading(line) || isLevel2Heading(line);
}

/** Splits raw text into trimmed, non-empty lines (one paragraph each in the extracted text). */
export function textLines(text: string): string[] {
  return text
    .replace(/^\uFEFF/u, '')
    .split(/\r?\n|\r/u)
    .map((l) => l.replace(/^[\s\u3000]+|[\s\u3000]+$/gu, ''))
    .filter((l) => l !== '');
}

/**
 * Joins a paragraph that ends without closing punctuation to the next one, unless the next is a heading.
 * A heading line takes no continuation either (it has no closing punctuation of its own) — except a
 * "（一）标题。正文…" line, whose body text can run over a page break like any paragraph.
 * `keep` marks lines that neither join nor take a continuation (the title).
 */
export function repairParagraphs(lines: readonly string[], keep: (line: string, index: number) => boolean = () => false): string[] {
  const out: string[] = [];
  let open = false; // the last paragraph in `out` may still continue
  lines.forEach((line, i) => {
    const kept = keep(line, i);
    const startsNew = kept || isHeading(line);
    if (open && !startsNew && out.length > 0) {
      out[out.length - 1] += line;
    } else {
      out.push(line);
    }
    const last = out[out.length - 1] ?? '';
    open = !kept && !CLOSING.test(last) && (!isHeading(last) || hasInlineBody(last));
  });
  return out;
}

/** "（一）注重率先垂范，加强法治建设组织领导。主要负责人…": a heading sentence followed by body text. */
function hasInlineBody(line: string): boolean {
  const stop = line.indexOf('。');
  return stop >= 0 && stop < line.length - 1;
}
