// Linked questions a chat model wrote at ingest, for passages that had none (a new law dropped into LAWS_DIR),
// and their review by staff. They are ordinary linked-question lines in knowledge/linked-questions/generated/
// (one file per law, "report-2023.jsonl" per report year), so the index picks them up like any other, plus
//   {"source": "generated", "hash": <sha256 of the passage text>, "model": "openai/…", "at": <ISO>, "review": "pending" | "approved"}
// A rejected question is removed from its file. What was sent to a model is kept apart, in the ledger
// generated/.hashes (one "<hash>\t<law article | report-YYYY>" line per passage that got questions): a passage
// listed there is never sent again — whatever staff later removed — until its text, and so its hash, changes.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Chunk, Regulation } from '../domain.js';
import {
  LINKED_DIR,
  lawKey,
  linkedQuestionSchema,
  loadLinkedQuestions,
  resolveLinks,
  type LinkedQuestion,
  type LinkTarget,
} from './linked-questions.js';

export const GENERATED_FOLDER = 'generated';
export const LEDGER_FILE = '.hashes';

export const generatedLineSchema = linkedQuestionSchema.extend({
  source: z.literal('generated'),
  hash: z.string().regex(/^[0-9a-f]{64}$/u),
  /** "openai/qwen-plus": which model wrote it. */
  model: z.string().min(1),
  at: z.string(),
  review: z.enum(['pending', 'approved']),
});
export type GeneratedLine = z.infer<typeof generatedLineSchema>;
export type ReviewState = GeneratedLine['review'];

export const generatedDir = (knowledgeDir: string): string => path.join(knowledgeDir, LINKED_DIR, GENERATED_FOLDER);
export const passageHash = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** A passage that may be given questions: one per article (the parts of a long one share it), one per report passage. */
export interface GenerationPassage {
  kind: 'regulation' | 'report';
  /** Full title of the law or the report. */
  title: string;
  article?: string;
  year?: number;
  section?: string;
  /** The whole article, or the report passage, verbatim. */
  text: string;
  hash: string;
  /** How its lines name it: law and article, or report year and a verbatim quote. */
  gold: LinkTarget;
  /** Its file under generated/: "行政处罚法.jsonl", "report-2023.jsonl". */
  file: string;
  /** For people and the ledger: "行政处罚法 第六十七条", "report-2023". */
  target: string;
  /** Indexes of its chunks in the knowledge base. */
  chunks: number[];
  /** Pending generated lines written for an earlier text of it: replaced by the new ones. */
  stale: { file: string; hash: string; q: string }[];
}

export interface GenerationPlan {
  /** The passages to send, in knowledge order. */
  passages: GenerationPassage[];
  /** Passages that have linked questions for their current text (written, staff, a deployment's, generated). */
  covered: number;
  /** Passages without questions whose text was sent before (the ledger): staff removed what was written. */
  cached: number;
  /** Passages no line could name (an older version of a law that a newer one shadows, an article 序言). */
  unlinkable: number;
}

/** File names from law titles: no path separators or characters some file systems refuse. */
const fileName = (base: string): string => `${base.replace(/[\\/:*?"<>|\s]+/gu, '_')}.jsonl`;
const compact = (s: string): string => s.replace(/\s+/gu, '');

/** A piece of the passage that no other passage of its report holds, to name it by (its longest such clause). */
export function chooseQuote(text: string, others: readonly string[]): string {
  const clauses = (text.match(/[^。；！？]+[。；！？]?/gu) ?? [])
    .map((c) => c.trim().replace(/[。；！？，、\s]+$/u, ''))
    .filter((c) => compact(c).length >= 6)
    .map((c) => (c.length > 120 ? c.slice(0, 120).trim() : c))
    .sort((a, b) => compact(b).length - compact(a).length);
  const unique = clauses.find((c) => !others.some((o) => o.includes(compact(c))));
  return unique ?? clauses[0] ?? text.trim().slice(0, 200);
}

function regulationPassages(regulations: readonly Regulation[], chunks: readonly Chunk[]): GenerationPassage[] {
  const byArticle = new Map<string, number[]>();
  const key = (source: string, title: string, version: string | undefined, article: string | undefined) => [source, title, version ?? '', article ?? ''].join('\u0000');
  chunks.forEach((c, i) => {
    if (c.kind !== 'regulation') return;
    const k = key(c.source, c.title, c.version, c.article);
    (byArticle.get(k) ?? byArticle.set(k, []).get(k)!).push(i);
  });
  const out: GenerationPassage[] = [];
  for (const reg of regulations) {
    for (const a of reg.articles) {
      if (!/^第.+条/u.test(a.article)) continue; // 序言, 全文: no line can name them by article
      const idx = byArticle.get(key(reg.source, reg.title, reg.version, a.article));
      if (!idx) continue;
      out.push({
        kind: 'regulation', title: reg.title, article: a.article, text: a.text, hash: passageHash(a.text),
        gold: { law: reg.shortTitle, article: a.article }, file: fileName(lawKey(reg.shortTitle)), target: `${lawKey(reg.shortTitle)} ${a.article}`,
        chunks: idx, stale: [],
      });
    }
  }
  return out;
}

function reportPassages(chunks: readonly Chunk[]): GenerationPassage[] {
  const byYear = new Map<number, number[]>();
  chunks.forEach((c, i) => {
    if (c.kind === 'report' && c.year !== undefined) (byYear.get(c.year) ?? byYear.set(c.year, []).get(c.year)!).push(i);
  });
  const out: GenerationPassage[] = [];
  for (const [year, idx] of byYear) {
    const texts = idx.map((i) => compact(chunks[i]!.text));
    idx.forEach((i, n) => {
      const c = chunks[i]!;
      const quote = chooseQuote(c.text, texts.filter((_t, m) => m !== n));
      out.push({
        kind: 'report', title: c.title, year, ...(c.section ? { section: c.section } : {}), text: c.text, hash: passageHash(c.text),
        gold: { report: year, quote }, file: `report-${year}.jsonl`, target: `report-${year}`, chunks: [i], stale: [],
      });
    });
  }
  return out;
}

const ledgerKey = (hash: string, target: string): string => `${hash}\t${target}`;

/** The ledger: "hash\ttarget" of every passage that was given questions. */
export function readLedger(knowledgeDir: string): Set<string> {
  const file = path.join(generatedDir(knowledgeDir), LEDGER_FILE);
  if (!fs.existsSync(file)) return new Set();
  return new Set(
    fs.readFileSync(file, 'utf8').split('\n').map((l) => l.split('\t').slice(0, 2).join('\t')).filter((l) => l.includes('\t')),
  );
}

/**
 * Which passages to send: those with no linked question for their current text, not sent before, and that a
 * line can name. Lines under generated/ count only when written for the passage's current text; a pending
 * line written for an earlier text is listed as stale, to be replaced.
 */
export function planGeneration(
  kb: { chunks: readonly Chunk[]; regulations: readonly Regulation[] },
  loc: { knowledgeDir: string; linkedQuestionsFile?: string | undefined },
): GenerationPlan {
  const load = loadLinkedQuestions(loc.knowledgeDir, loc.linkedQuestionsFile);
  const generated = new Map(readGenerated(loc.knowledgeDir).entries.map((e) => [`${LINKED_DIR}/${GENERATED_FOLDER}/${e.file}:${e.line}`, e]));
  const attached = resolveLinks(load.questions, kb.chunks).byChunk;
  const ledger = readLedger(loc.knowledgeDir);
  const plan: GenerationPlan = { passages: [], covered: 0, cached: 0, unlinkable: 0 };
  const candidates: GenerationPassage[] = [];
  for (const p of [...reportPassages(kb.chunks), ...regulationPassages(kb.regulations, kb.chunks)]) {
    const lines = new Set<LinkedQuestion>(p.chunks.flatMap((i) => attached.get(i) ?? []));
    const mine = [...lines].map((l) => ({ line: l, gen: generated.get(`${l.file}:${l.line}`) }));
    if (mine.some((m) => !m.gen || m.gen.data.hash === p.hash)) {
      plan.covered++;
    } else if (ledger.has(ledgerKey(p.hash, p.target))) {
      plan.cached++;
    } else {
      for (const { gen } of mine) if (gen?.data.review === 'pending') p.stale.push({ file: gen.file, hash: gen.data.hash, q: gen.data.q });
      candidates.push(p);
    }
  }
  // A line reaches the newest version of a law only; keep the passages their own line would reach.
  const probe: LinkedQuestion[] = candidates.map((p, i) => ({ q: p.target, gold: [p.gold], origin: 'written', file: '', line: i }));
  const reached = new Map<number, Set<number>>();
  for (const [chunk, qs] of resolveLinks(probe, kb.chunks).byChunk) for (const q of qs) (reached.get(q.line) ?? reached.set(q.line, new Set()).get(q.line)!).add(chunk);
  candidates.forEach((p, i) => {
    if (p.chunks.every((c) => reached.get(i)?.has(c))) plan.passages.push(p);
    else plan.unlinkable++;
  });
  return plan;
}

/** Whether a file exists and its last byte is not a newline (someone saved it without one). */
function endsMidLine(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const size = fs.statSync(file).size;
  if (size === 0) return false;
  const fd = fs.openSync(file, 'r');
  try {
    const last = Buffer.alloc(1);
    fs.readSync(fd, last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    fs.closeSync(fd);
  }
}

function appendLines(file: string, lines: readonly string[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.appendFileSync(file, `${endsMidLine(file) ? '\n' : ''}${lines.join('\n')}\n`);
}

/**
 * Writes the questions the model gave one passage, pending review, replaces its stale pending lines, and
 * records the passage in the ledger. Synchronous, so passages finishing at once never interleave.
 */
export function recordGenerated(knowledgeDir: string, p: GenerationPassage, questions: readonly string[], meta: { model: string; at: string }): void {
  const dir = generatedDir(knowledgeDir);
  if (p.stale.length) {
    const staleKeys = new Set(p.stale.map((s) => `${s.hash}\u0000${s.q}`));
    for (const file of new Set(p.stale.map((s) => s.file))) {
      rewriteGenerated(dir, file, (e) => (e.data.review === 'pending' && staleKeys.has(`${e.data.hash}\u0000${e.data.q}`) ? null : e.raw));
    }
  }
  const lines = questions.map((q) => {
    const line: GeneratedLine = {
      q, gold: [p.gold], ...(p.kind === 'report' && p.section ? { note: p.section } : {}),
      source: 'generated', hash: p.hash, model: meta.model, at: meta.at, review: 'pending',
    };
    return JSON.stringify(line);
  });
  appendLines(path.join(dir, p.file), lines);
  appendLines(path.join(dir, LEDGER_FILE), [`${ledgerKey(p.hash, p.target)}`]);
}

export interface GeneratedEntry {
  /** File name under generated/. */
  file: string;
  /** 1-based line number in that file. */
  line: number;
  raw: string;
  data: GeneratedLine;
}

/** The generated lines of every file under generated/, and the lines that are not generated lines. */
export function readGenerated(knowledgeDir: string): { entries: GeneratedEntry[]; invalid: { file: string; line: number; reason: string }[] } {
  const dir = generatedDir(knowledgeDir);
  const entries: GeneratedEntry[] = [];
  const invalid: { file: string; line: number; reason: string }[] = [];
  if (!fs.existsSync(dir)) return { entries, invalid };
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    fs.readFileSync(path.join(dir, file), 'utf8').split('\n').forEach((raw, i) => {
      if (!raw.trim()) return;
      const parsed = generatedLineSchema.safeParse(parseJson(raw));
      if (parsed.success) entries.push({ file, line: i + 1, raw, data: parsed.data });
      else invalid.push({ file, line: i + 1, reason: parsed.error.issues.map((x) => `${x.path.join('.') || '(line)'}: ${x.message}`).join('; ') });
    });
  }
  return { entries, invalid };
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

/** Rewrites one file line by line (other lines verbatim): `edit` returns the new line, or null to remove it. Atomic. */
function rewriteGenerated(dir: string, file: string, edit: (e: GeneratedEntry) => string | null): void {
  const abs = path.join(dir, file);
  if (!fs.existsSync(abs)) return;
  const out = fs.readFileSync(abs, 'utf8').split('\n').flatMap((raw, i) => {
    const parsed = raw.trim() ? generatedLineSchema.safeParse(parseJson(raw)) : undefined;
    if (!parsed?.success) return [raw];
    const next = edit({ file, line: i + 1, raw, data: parsed.data });
    return next === null ? [] : [next];
  });
  const tmp = `${abs}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, out.join('\n'));
  fs.renameSync(tmp, abs);
}

export interface LineRef {
  file: string;
  line: number;
}

export class GeneratedRefError extends Error {}

/** "行政处罚法.jsonl:3" (also with generated/ or linked-questions/generated/ before it). */
export function parseLineRef(ref: string): LineRef {
  const m = /^(?:.*[\\/])?([^\\/]+\.jsonl):(\d+)$/u.exec(ref.trim());
  if (!m) throw new GeneratedRefError(`“${ref}”不是 文件:行号（例如 行政处罚法.jsonl:3）`);
  return { file: m[1]!, line: Number(m[2]) };
}

function checkRefs(knowledgeDir: string, refs: readonly LineRef[]): GeneratedEntry[] {
  const entries = readGenerated(knowledgeDir).entries;
  return refs.map((r) => {
    const e = entries.find((x) => x.file === r.file && x.line === r.line);
    if (!e) throw new GeneratedRefError(`${r.file}:${r.line} 不是一条生成的问题（用 review 查看文件和行号）`);
    return e;
  });
}

/** Rewrites the referenced lines with `edit` (null drops one); every reference is checked before anything is written. */
function editReferenced(knowledgeDir: string, refs: readonly LineRef[], edit: (e: GeneratedEntry) => string | null): GeneratedEntry[] {
  const found = checkRefs(knowledgeDir, refs);
  const dir = generatedDir(knowledgeDir);
  for (const file of new Set(found.map((e) => e.file))) {
    const lines = new Set(found.filter((e) => e.file === file).map((e) => e.line));
    rewriteGenerated(dir, file, (e) => (lines.has(e.line) ? edit(e) : e.raw));
  }
  return found;
}

/** Marks lines approved; returns them. */
export function approveGenerated(knowledgeDir: string, refs: readonly LineRef[]): GeneratedEntry[] {
  // The line as written, fields in their order and any of a file's own kept; only the status changes.
  return editReferenced(knowledgeDir, refs, (e) => JSON.stringify({ ...(JSON.parse(e.raw) as object), review: 'approved' }));
}

/** Removes lines (their passages stay in the ledger, so they are not written again); returns them. */
export function rejectGenerated(knowledgeDir: string, refs: readonly LineRef[]): GeneratedEntry[] {
  return editReferenced(knowledgeDir, refs, () => null);
}
