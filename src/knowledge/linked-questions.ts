// Linked questions (MaxKB's 关联问题, FastGPT's custom indexes): questions in people's own words attached to
// the passage that answers them. Retrieval searches them beside the passage's text, so "罚了款去哪交" finds the
// article that says "到指定的银行…缴纳罚款". Three sources, one line format:
//   knowledge/linked-questions/written/*.jsonl   the project's own questions, written passage by passage
//   knowledge/linked-questions/generated/*.jsonl  questions a chat model wrote at ingest, for passages that had none
//   knowledge/linked-questions/staff.jsonl        questions staff linked in the console (who, when)
//   LINKED_QUESTIONS_FILE                         a deployment's file, e.g. real consultations with their articles
// A line names its passage by law and article, or by report year and a verbatim quote (robust to re-chunking).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Chunk } from '../domain.js';

export const LINKED_DIR = 'linked-questions';
export const STAFF_LINKS_FILE = 'staff.jsonl';
/** Folders under linked-questions/ whose lines describe a passage rather than record what someone asked. */
const WRITTEN_FOLDERS: ReadonlySet<string> = new Set(['written', 'generated']);

const lawTarget = z.object({ law: z.string().trim().min(1), article: z.string().trim().regex(/^第.+条/u) });
const reportTarget = z.object({ report: z.number().int().min(1900).max(2100), quote: z.string().trim().min(4).max(200) });
export const linkTargetSchema = z.union([lawTarget, reportTarget]);

/** Unknown fields (an id, a note of the file's own) are allowed and ignored. */
export const linkedQuestionSchema = z.object({
  q: z.string().trim().min(1).max(500),
  gold: z.array(linkTargetSchema).min(1),
  /** Hashed staff identity, for staff links. */
  by: z.string().optional(),
  /** ISO time the link was made. */
  at: z.string().optional(),
  note: z.string().optional(),
});

export type LinkTarget = z.infer<typeof linkTargetSchema>;
export type LinkedQuestionLine = z.infer<typeof linkedQuestionSchema>;

/**
 * Where a line came from. "written" questions (ours under written/, a model's under generated/) describe what
 * a passage says, evenly, passage by passage; "asked" ones (staff links, a deployment's file) are what people really asked, so how often a passage is
 * asked about is a signal of its own.
 */
export type LinkOrigin = 'written' | 'asked';

export interface LinkedQuestion extends LinkedQuestionLine {
  origin: LinkOrigin;
  file: string;
  line: number;
}

export interface LinkedFileFingerprint {
  name: string;
  hash: string;
}

export interface LinkedQuestionsLoad {
  questions: LinkedQuestion[];
  files: LinkedFileFingerprint[];
  /** Lines that do not parse, with file and line number: skipped, never fatal. */
  invalid: { file: string; line: number; reason: string }[];
  /** Files that could not be read at all (a wrong LINKED_QUESTIONS_FILE path): skipped, never fatal. */
  unreadable: { file: string; reason: string }[];
}

function listJsonl(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listJsonl(p));
    else if (entry.name.endsWith('.jsonl')) out.push(p);
  }
  return out;
}

export function parseLinkedLines(text: string, file: string, origin: LinkOrigin, into: LinkedQuestionsLoad): void {
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      into.invalid.push({ file, line: i + 1, reason: 'not JSON' });
      return;
    }
    const parsed = linkedQuestionSchema.safeParse(json);
    if (!parsed.success) {
      into.invalid.push({ file, line: i + 1, reason: parsed.error.issues.map((x) => `${x.path.join('.') || '(line)'}: ${x.message}`).join('; ') });
      return;
    }
    into.questions.push({ ...parsed.data, origin, file, line: i + 1 });
  });
}

/** Reads the project's linked questions under KNOWLEDGE_DIR and, when given, a deployment's file. */
export function loadLinkedQuestions(knowledgeDir: string, extraFile?: string): LinkedQuestionsLoad {
  const out: LinkedQuestionsLoad = { questions: [], files: [], invalid: [], unreadable: [] };
  const root = path.join(knowledgeDir, LINKED_DIR);
  const files: { abs: string; name: string; origin: LinkOrigin }[] = listJsonl(root).map((abs) => {
    const parts = path.relative(root, abs).split(path.sep);
    return { abs, name: `${LINKED_DIR}/${parts.join('/')}`, origin: parts.length > 1 && WRITTEN_FOLDERS.has(parts[0]!) ? 'written' : 'asked' };
  });
  if (extraFile) files.push({ abs: extraFile, name: `LINKED_QUESTIONS_FILE:${path.basename(extraFile)}`, origin: 'asked' });
  for (const f of files) {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(f.abs);
    } catch (err) {
      out.unreadable.push({ file: f.abs, reason: err instanceof Error ? err.message : String(err) });
      continue;
    }
    out.files.push({ name: f.name, hash: createHash('sha256').update(bytes).digest('hex') });
    parseLinkedLines(bytes.toString('utf8'), f.name, f.origin, out);
  }
  return out;
}

/** Law names as people and files write them: without 中华人民共和国, book-title marks or spaces. */
export const lawKey = (name: string): string => name.replace(/中华人民共和国|[《》〈〉\s]/gu, '');
const compactText = (s: string): string => s.replace(/\s+/gu, '');

export interface LinkResolution {
  /** Chunk index → linked questions it answers (all parts of a long article get them). */
  byChunk: Map<number, LinkedQuestion[]>;
  resolved: number;
  /** Lines none of whose passages are loaded (a law not in LAWS_DIR, a changed quote). */
  unresolved: LinkedQuestion[];
}

/**
 * Finds the chunks a line names. A law matches by its short title; only when no loaded law has that exact
 * name does a title containing it count ("…关于适用民法典有关担保制度的解释"), so "民法典" never falls onto an
 * interpretation's article of the same number. Of several versions, the newest that has the article.
 */
export class LinkResolver {
  private readonly articles = new Map<string, Map<string, { version: string; idx: number[] }[]>>();
  private readonly reportChunks = new Map<number, number[]>();
  private readonly laws: string[];
  private readonly lawMatches = new Map<string, string[]>();
  private readonly compactReports = new Map<number, string>();

  constructor(private readonly chunks: readonly Chunk[]) {
    chunks.forEach((c, i) => {
      if (c.kind === 'report' && c.year !== undefined) (this.reportChunks.get(c.year) ?? this.reportChunks.set(c.year, []).get(c.year)!).push(i);
      if (c.kind !== 'regulation' || !c.article) return;
      const law = lawKey(c.shortTitle ?? c.title);
      const byArticle = this.articles.get(law) ?? this.articles.set(law, new Map()).get(law)!;
      const versions = byArticle.get(c.article) ?? byArticle.set(c.article, []).get(c.article)!;
      const version = c.version ?? '';
      const v = versions.find((x) => x.version === version) ?? (versions.push({ version, idx: [] }), versions[versions.length - 1]!);
      v.idx.push(i);
    });
    this.laws = [...this.articles.keys()];
  }

  private matchLaw(name: string): string[] {
    const key = lawKey(name);
    let m = this.lawMatches.get(key);
    if (!m) this.lawMatches.set(key, (m = this.articles.has(key) ? [key] : this.laws.filter((l) => l.includes(key))));
    return m;
  }

  /** Chunk indices the targets name (empty when none is loaded). */
  resolve(gold: readonly LinkTarget[]): Set<number> {
    const targets = new Set<number>();
    for (const g of gold) {
      if ('law' in g) {
        for (const law of this.matchLaw(g.law)) {
          const versions = this.articles.get(law)?.get(g.article);
          const newest = versions?.reduce((a, b) => (b.version > a.version ? b : a));
          for (const i of newest?.idx ?? []) targets.add(i);
        }
      } else {
        const quote = compactText(g.quote);
        for (const i of this.reportChunks.get(g.report) ?? []) {
          let text = this.compactReports.get(i);
          if (text === undefined) this.compactReports.set(i, (text = compactText(this.chunks[i]!.text)));
          if (text.includes(quote)) targets.add(i);
        }
      }
    }
    return targets;
  }
}

/** Attaches each line to the chunks it names, and counts the lines none of whose passages are loaded. */
export function resolveLinks(questions: readonly LinkedQuestion[], chunks: readonly Chunk[], resolver = new LinkResolver(chunks)): LinkResolution {
  const byChunk = new Map<number, LinkedQuestion[]>();
  const unresolved: LinkedQuestion[] = [];
  let resolved = 0;
  for (const q of questions) {
    const targets = resolver.resolve(q.gold);
    if (targets.size === 0) {
      unresolved.push(q);
      continue;
    }
    resolved++;
    for (const i of targets) (byChunk.get(i) ?? byChunk.set(i, []).get(i)!).push(q);
  }
  return { byChunk, resolved, unresolved };
}
