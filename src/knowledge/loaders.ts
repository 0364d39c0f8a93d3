// File loaders: a folder of sources (KNOWLEDGE_DIR, LAWS_DIR) → SourceDocument text, whatever the format.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { SourceDocument } from '../domain.js';
import { normaliseText } from './regulation.js';

export const SOURCE_EXTENSIONS = ['.md', '.txt', '.docx', '.pdf'] as const;

/** A file that could not be read or decoded; the caller logs it and goes on without it. */
export class UnreadableSourceError extends Error {
  override readonly name = 'UnreadableSourceError';
  constructor(
    /** Path relative to its root, as in SourceDocument.name. */
    readonly file: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Cannot read source file "${file}": ${reason}`, options);
  }
}

const ARTICLE_LINE = /^\s*第[零〇一二三四五六七八九十百千]+条/m;

/**
 * Source files under root, recursively, as sorted relative paths with "/" separators.
 * Skipped: dotfiles and dot-folders (editor and VCS litter), and index/readme files — names starting with "_"
 * (Hugo's "_index.md") or README.* — unless they hold articles, since then they are a text after all.
 */
export async function listSourceFiles(root: string, exts: readonly string[] = SOURCE_EXTENSIONS): Promise<string[]> {
  const wanted = new Set(exts.map((e) => e.toLowerCase()));
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(abs);
      else if (entry.isFile() && wanted.has(path.extname(entry.name).toLowerCase())) {
        if (isIndexName(entry.name) && !(await holdsArticles(abs))) continue;
        found.push(path.relative(root, abs).split(path.sep).join('/'));
      }
    }
  };
  await walk(root);
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function isIndexName(name: string): boolean {
  return name.startsWith('_') || /^readme\./i.test(name);
}

async function holdsArticles(abs: string): Promise<boolean> {
  const ext = path.extname(abs).toLowerCase();
  // Only plain-text index files are peeked into; a binary one named "_x.docx" is read like any other.
  if (ext !== '.md' && ext !== '.txt') return true;
  try {
    return ARTICLE_LINE.test(await readFile(abs, 'utf8'));
  } catch {
    return true; // let readSourceDocument report it properly
  }
}

/** Reads one file: sha256 of its bytes and its text (without BOM, LF line ends; .txt/.md may be UTF-8 or GBK). */
export async function readSourceDocument(root: string, relPath: string): Promise<SourceDocument> {
  const absPath = path.resolve(root, relPath);
  let bytes: Buffer;
  try {
    bytes = await readFile(absPath);
  } catch (err) {
    throw new UnreadableSourceError(relPath, 'the file cannot be opened', { cause: err });
  }
  const hash = createHash('sha256').update(bytes).digest('hex');
  const text = normaliseText(await extractText(relPath, bytes));
  return { name: relPath, absPath, hash, text };
}

async function extractText(relPath: string, bytes: Buffer): Promise<string> {
  const ext = path.extname(relPath).toLowerCase();
  switch (ext) {
    case '.md':
    case '.txt':
      return decodeText(relPath, bytes);
    case '.docx':
      return docxText(relPath, bytes);
    case '.pdf':
      return pdfText(relPath, bytes);
    default:
      throw new UnreadableSourceError(relPath, `unsupported file type "${ext || '(none)'}"`);
  }
}

/**
 * UTF-8 first. Failing that, GB18030 (a superset of GBK), which is how many Chinese .txt files saved on
 * Windows are encoded — accepted only when it decodes cleanly into mostly Chinese text, so a binary file
 * with a .txt name is still refused rather than read as gibberish.
 */
function decodeText(relPath: string, bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (utf8Error) {
    try {
      const text = new TextDecoder('gb18030', { fatal: true }).decode(bytes);
      if (mostlyChinese(text)) return text;
    } catch {
      // fall through to the UTF-8 complaint, the encoding we ask people to use
    }
    throw new UnreadableSourceError(relPath, 'the text is neither UTF-8 nor GBK/GB18030 Chinese (save it as UTF-8)', { cause: utf8Error });
  }
}

function mostlyChinese(text: string): boolean {
  const visible = text.replace(/\s/g, '');
  if (visible.length === 0) return false;
  const cjk = visible.match(/[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/g)?.length ?? 0;
  return cjk / visible.length >= 0.3;
}

async function docxText(relPath: string, bytes: Buffer): Promise<string> {
  try {
    // Loaded on first use: most starts read no .docx, and the import costs as much as the index.
    const { default: mammoth } = await import('mammoth');
    const result = await mammoth.extractRawText({ buffer: bytes });
    return result.value;
  } catch (err) {
    throw new UnreadableSourceError(relPath, 'not a readable .docx document', { cause: err });
  }
}

async function pdfText(relPath: string, bytes: Buffer): Promise<string> {
  const { PDFParse } = await import('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(bytes), ...pdfResources() });
  try {
    const result = await parser.getText({ pageJoiner: '' });
    const text = joinWrappedLines(result.text);
    if (text.trim() === '') throw new UnreadableSourceError(relPath, 'the PDF holds no extractable text (a scan needs OCR first)');
    return text;
  } catch (err) {
    if (err instanceof UnreadableSourceError) throw err;
    throw new UnreadableSourceError(relPath, 'not a readable PDF document', { cause: err });
  } finally {
    await parser.destroy();
  }
}

let resources: { cMapUrl?: string; cMapPacked?: boolean; standardFontDataUrl?: string } | undefined;

/**
 * Chinese PDFs often use the predefined CJK character maps (UniGB-UCS2-H …) rather than embedded ones;
 * pdf.js needs its cmaps folder to turn those codes into text. It ships inside pdfjs-dist, pdf-parse's engine.
 */
function pdfResources(): { cMapUrl?: string; cMapPacked?: boolean; standardFontDataUrl?: string } {
  if (resources) return resources;
  try {
    const fromPdfParse = createRequire(createRequire(import.meta.url).resolve('pdf-parse'));
    const pdfjsRoot = path.dirname(fromPdfParse.resolve('pdfjs-dist/package.json'));
    resources = {
      cMapUrl: path.join(pdfjsRoot, 'cmaps') + path.sep,
      cMapPacked: true,
      standardFontDataUrl: path.join(pdfjsRoot, 'standard_fonts') + path.sep,
    };
  } catch {
    resources = {}; // embedded fonts and ToUnicode maps still work
  }
  return resources;
}

const BREAK_AFTER = /[。：:；;！!？?”」』）)]$/;
const NUMERAL = '[零〇一二三四五六七八九十百千]+';
const HEADING_LINE = new RegExp(`^(?:第${NUMERAL}(?:编|分编|章|节)(?:\\s|$)|序言$)`);
const STARTS_BLOCK = new RegExp(
  `^(?:第${NUMERAL}(?:编|分编|章|节|条(?:之${NUMERAL})?)(?:\\s|$)|序言$|[（(][一二三四五六七八九十]+[）)]|\\d+[.．、]|[一二三四五六七八九十]+、)`,
);

/**
 * A PDF has visual lines, not paragraphs: a paragraph wrapped over three lines comes out as three lines.
 * From the first article or heading on, a line joins the one before it unless that one ends a sentence or
 * is a heading, or the line itself starts an article, heading or item. The title and history lines above
 * are left as they are: they have no closing marks to go by.
 */
export function joinWrappedLines(text: string): string {
  const out: string[] = [];
  let inBody = false;
  let joinNext = false;
  for (const line of normaliseText(text).split('\n').map((l) => l.trim())) {
    if (line === '') {
      joinNext = false;
      if (out.length > 0 && out[out.length - 1] !== '') out.push('');
      continue;
    }
    const startsBlock = STARTS_BLOCK.test(line);
    inBody ||= startsBlock;
    if (joinNext && !startsBlock) out[out.length - 1] += line;
    else out.push(line);
    const current = out[out.length - 1] ?? '';
    joinNext = inBody && !BREAK_AFTER.test(current) && !HEADING_LINE.test(current);
  }
  return out.join('\n');
}
