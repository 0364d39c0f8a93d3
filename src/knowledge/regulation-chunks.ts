// One chunk per article, so a citation is an article; long articles are cut at 款 boundaries into parts that
// keep the article number, because an embedding of 1,500 characters says little about any one of its 款.
import type { Chunk, Regulation, RegulationArticle } from '../domain.js';
import { ITEM_LINE } from './regulation.js';

/** Articles longer than this are split; a single 款 (with its 项) is never cut inside a line. */
export const MAX_REGULATION_CHUNK_CHARS = 600;

/** One parameter only, so `regulations.flatMap(regulationChunks)` cannot pass an index as a size. */
export function regulationChunks(reg: Regulation): Chunk[] {
  const chunks: Chunk[] = [];
  const seen = new Set<string>();
  for (const article of reg.articles) {
    const base = uniqueId(regulationChunkId(reg.shortTitle, reg.version, article.article), seen);
    splitArticle(article).forEach((text, i) => {
      chunks.push({
        id: i === 0 ? base : `${base}-${i + 1}`,
        kind: 'regulation',
        title: reg.title,
        shortTitle: reg.shortTitle,
        article: article.article,
        chapter: article.chapter,
        version: reg.version,
        source: reg.source,
        text,
      });
    });
  }
  return chunks;
}

/** "reg-行政处罚法-2021-01-22-第七条"; without a version "reg-行政处罚法-第七条". */
export function regulationChunkId(shortTitle: string, version: string | undefined, article: string): string {
  return ['reg', shortTitle, version, article].filter(Boolean).join('-');
}

function uniqueId(id: string, seen: Set<string>): string {
  let candidate = id;
  // Two articles with the same label in one text would otherwise collide (seen in amendment decisions).
  for (let n = 2; seen.has(candidate); n++) candidate = `${id}-dup${n}`;
  seen.add(candidate);
  return candidate;
}

/** The article's verbatim text, in one piece or in parts of whole 款 of at most about maxChars each. */
export function splitArticle(article: RegulationArticle, maxChars = MAX_REGULATION_CHUNK_CHARS): string[] {
  if (article.text.length <= maxChars) return [article.text];
  const pseudo = article.article === '序言' || article.article === '全文';
  const units = sourceParagraphs(article.text, !pseudo).flatMap((u) => (u.length > maxChars ? u.split('\n') : [u]));
  const parts: string[] = [];
  let current = '';
  for (const unit of units) {
    if (current && current.length + 1 + unit.length > maxChars) {
      parts.push(current);
      current = unit;
    } else {
      current = current ? `${current}\n${unit}` : unit;
    }
  }
  if (current) parts.push(current);
  return parts;
}

/** Source lines grouped into 款: a 项 line stays with the 款 that introduces it. */
function sourceParagraphs(text: string, groupItems: boolean): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (groupItems && out.length > 0 && ITEM_LINE.test(line)) out[out.length - 1] += `\n${line}`;
    else out.push(line);
  }
  return out;
}
