// The regulation parser: title, version, 编/分编/章/节 headings, 条 with their 款 (and 项 inside them).
//
// Two shapes of the same words come in:
//  - markdown (LawRefBook layout): "# title", history lines, "<!-- INFO END -->", "## 第一章 总则", "第一条 …";
//  - plain text from .txt/.docx/.pdf: the title is the first non-empty line, headings are bare lines "第一章 总则".
//
// Decisions:
//  - An article starts at a line "第X条" (or "第X条之一") followed by white space; a line that merely begins with
//    "第三十一条规定的…" is a continuation, not an article.
//  - 项/目 lines ("（一）…", "1.") belong to the 款 before them, so `paragraphs` are real 款.
//  - 宪法's 序言 becomes a pseudo-article "序言" (number 0): people do ask about it.
//  - A text with no 第X条 at all (amendments, short replies "一、…二、…") becomes one pseudo-article "全文"
//    (number 0) holding every body paragraph, so its words stay searchable. Lead-in text before the first
//    article of a normal text ("现解释如下：") and text after a heading but before the next article
//    (an annex) are dropped: they are not an article's words.
//  - "第二十条之一" keeps number 20 (the article it is inserted after); `article` tells them apart.
import path from 'node:path';
import type { Regulation, RegulationArticle } from '../domain.js';
import { CN_NUMERAL_CHARS, cnToInt } from './numerals.js';

export { cnToInt, intToCn, normaliseArticleRef, articleLabel } from './numerals.js';

const NUM = `[${CN_NUMERAL_CHARS}]+`;
const ARTICLE_START = new RegExp(`^(第(${NUM})条(?:之(${NUM}))?)(?:\\s+|$)`);
const PLAIN_HEADING = new RegExp(`^第${NUM}(?:编|分编|章|节)(?:\\s+\\S.*)?$`);
const MARKDOWN_HEADING = /^(#{1,6})(?:\s+(.*))?$/;
const INFO_END = '<!-- INFO END -->';
/** 项 "（一）", 目 "1." / "1、", and "一、" items inside an article. */
export const ITEM_LINE = /^(?:[（(][一二三四五六七八九十]+[）)]|\d+[.．、]|[一二三四五六七八九十]+、)/;
const FULL_DATE = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/g;
const FILE_DATE = /[(（](\d{4}-\d{2}-\d{2})[)）]/;
/** "2021年1月1日 施行": when a text takes effect, not when it was adopted or amended. */
const EFFECTIVE_ONLY = /^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*起?\s*施行[。.]?$/;
const HEADING_LABEL = new RegExp(`^(第${NUM}(?:编|分编|章|节))\\s*(.*)$`);
const HEADING_KIND = new RegExp(`^第${NUM}(编|分编|章|节)`);
const CJK = '\\u3400-\\u9fff\\uf900-\\ufaff';
const SPACE_BETWEEN_CJK = new RegExp(`(?<=[${CJK}])\\s+(?=[${CJK}])`, 'g');

/** Heading depth: the markdown title's sub-parts (民法典's "# 合同编") sit above 编. */
const enum Level {
  Part = 0,
  Bian = 1,
  FenBian = 2,
  Zhang = 3,
  Jie = 4,
}

interface Heading {
  level: Level;
  text: string;
}

interface Draft {
  article: string;
  number: number;
  chapter?: string;
  /** Source lines, the first one including the article number. */
  lines: string[];
}

export function parseRegulation(text: string, source: string): Regulation {
  const lines = normaliseText(text).split('\n').map((l) => l.trim());
  const markdown = isMarkdown(lines);
  const header = readHeader(lines, markdown);
  const title = cleanTitle(header.title || path.basename(source).replace(/\.[^.]+$/, '').replace(FILE_DATE, ''));
  const shortTitle = title.replace(/^中华人民共和国/, '') || title;
  const version = FILE_DATE.exec(path.basename(source))?.[1] ?? lastDate(header.history);

  const drafts = readArticles(lines.slice(header.bodyStart), header.parts, markdown);
  const articles = drafts.map((d) => toArticle(d, title, shortTitle, version));
  return { title, shortTitle, version, source, articles };
}

/** Strips a BOM and turns CRLF/CR line ends into LF. */
export function normaliseText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

function isMarkdown(lines: string[]): boolean {
  const first = lines.find((l) => l !== '');
  return first !== undefined && (first.startsWith('# ') || lines.includes(INFO_END));
}

interface Header {
  title: string;
  history: string[];
  /** Sub-part headings above the body (民法典's "# 总则"). */
  parts: string[];
  bodyStart: number;
}

function readHeader(lines: string[], markdown: boolean): Header {
  const history: string[] = [];
  const parts: string[] = [];
  let title = '';
  const infoEnd = lines.indexOf(INFO_END);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '') continue;
    if (markdown && infoEnd >= 0) {
      if (i === infoEnd) return { title, history, parts, bodyStart: i + 1 };
      const h = MARKDOWN_HEADING.exec(line);
      if (h?.[1] === '#') {
        if (title === '') title = h[2] ?? '';
        else if (h[2]) parts.push(cleanHeading(h[2]));
      } else if (!isMarkup(line)) history.push(line);
      continue;
    }
    // No end marker: the header ends at the first heading or article.
    const h = markdown ? MARKDOWN_HEADING.exec(line) : null;
    if (title === '') {
      title = h ? (h[2] ?? '') : line;
      continue;
    }
    if (h || ARTICLE_START.test(line) || PLAIN_HEADING.test(line) || line === '序言') {
      return { title, history, parts, bodyStart: i };
    }
    history.push(line);
  }
  return { title, history, parts, bodyStart: lines.length };
}

function readArticles(body: string[], parts: string[], markdown: boolean): Draft[] {
  const stack: Heading[] = parts.map((text) => ({ level: Level.Part, text }));
  const drafts: Draft[] = [];
  const bodyParagraphs: string[] = [];
  let current: Draft | undefined;

  const chapter = (): string | undefined => (stack.length ? stack.map((h) => h.text).join(' ') : undefined);

  for (const line of body) {
    if (line === '' || isMarkup(line)) continue;
    const heading = readHeading(line, markdown);
    if (heading) {
      if (heading.text === '序言') {
        current = { article: '序言', number: 0, chapter: chapter(), lines: [] };
        drafts.push(current);
        continue;
      }
      while (stack.length && (stack[stack.length - 1]?.level ?? 0) >= heading.level) stack.pop();
      if (heading.text) stack.push(heading);
      current = undefined;
      continue;
    }
    bodyParagraphs.push(line);
    const start = ARTICLE_START.exec(line);
    const number = start?.[2] === undefined ? undefined : cnToInt(start[2]);
    if (start?.[1] && number !== undefined) {
      current = { article: start[1], number, chapter: chapter(), lines: [line] };
      drafts.push(current);
    } else if (current) {
      current.lines.push(line);
    }
  }

  const kept = drafts.filter((d) => d.lines.length > 0);
  if (kept.length > 0 || bodyParagraphs.length === 0) return kept;
  // No 第X条 (and no 序言) anywhere: keep the whole body as one passage.
  return [{ article: '全文', number: 0, lines: bodyParagraphs }];
}

/** Layout marks of the markdown sources ("<!-- FORCE BREAK -->", table rules): not words of the law. */
function isMarkup(line: string): boolean {
  return /^<!--.*-->$/.test(line) || /^\|?\s*:?-{3,}/.test(line);
}

function readHeading(line: string, markdown: boolean): Heading | undefined {
  const md = markdown ? MARKDOWN_HEADING.exec(line) : null;
  if (md) {
    const text = cleanHeading(md[2] ?? '');
    if (md[1] === '#') return { level: Level.Part, text };
    return { level: levelOf(text), text };
  }
  if (PLAIN_HEADING.test(line) && line.length <= 40 && !line.includes('。')) {
    const text = cleanHeading(line);
    return { level: levelOf(text), text };
  }
  if (!markdown && line === '序言') return { level: Level.Zhang, text: '序言' };
  return undefined;
}

function levelOf(heading: string): Level {
  const m = HEADING_KIND.exec(heading);
  switch (m?.[1]) {
    case '编':
      return Level.Bian;
    case '分编':
      return Level.FenBian;
    case '节':
      return Level.Jie;
    default:
      // 章, and the "一、管辖" style sections of judicial interpretations, sit at chapter depth.
      return Level.Zhang;
  }
}

/** "第一章  总 则" → "第一章 总则": collapse spacing, drop letter-spacing between Chinese characters. */
function cleanHeading(raw: string): string {
  const text = raw.replace(/\s+/g, ' ').trim();
  const m = HEADING_LABEL.exec(text);
  if (!m) return text.replace(SPACE_BETWEEN_CJK, '');
  const name = (m[2] ?? '').replace(SPACE_BETWEEN_CJK, '');
  return name ? `${m[1]} ${name}` : (m[1] ?? text);
}

function cleanTitle(raw: string): string {
  return raw.trim().replace(/^《(.*)》$/, '$1').replace(SPACE_BETWEEN_CJK, '').replace(/\s+/g, ' ').trim();
}

/**
 * The last full date (YYYY-MM-DD) named in the adoption history, e.g. the latest amendment. A line that only
 * says when the text takes effect ("2021年1月1日 施行") counts only when there is no other date.
 */
function lastDate(history: string[]): string | undefined {
  const ascii = history.map((line) => line.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)));
  const adoption = ascii.filter((line) => !EFFECTIVE_ONLY.test(line));
  return lastDateIn(adoption) ?? lastDateIn(ascii);
}

function lastDateIn(lines: string[]): string | undefined {
  let last: string | undefined;
  for (const ascii of lines) {
    for (const m of ascii.matchAll(FULL_DATE)) {
      const [, y, mo, d] = m;
      if (y && mo && d) last = `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
    }
  }
  return last;
}

function toArticle(d: Draft, title: string, shortTitle: string, version: string | undefined): RegulationArticle {
  const pseudo = d.article === '序言' || d.article === '全文';
  const [first = '', ...rest] = d.lines;
  return {
    title,
    shortTitle,
    version,
    chapter: d.chapter,
    article: d.article,
    number: d.number,
    // A 序言 or 全文 has no 款 structure: each source paragraph stands alone.
    paragraphs: pseudo ? [...d.lines] : groupParagraphs([first.slice(d.article.length).trim(), ...rest]),
    text: d.lines.join('\n'),
  };
}

/** Each source line is a 款, except 项/目 lines, which join the 款 that introduces them. */
function groupParagraphs(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (line === '') continue;
    if (out.length > 0 && ITEM_LINE.test(line)) out[out.length - 1] += `\n${line}`;
    else out.push(line);
  }
  return out;
}
