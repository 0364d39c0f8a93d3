// The regulation catalogue (knowledge/catalogue.json): every regulation the reports name or rest on, with the
// names people write, whether or not its full text is loaded — so the bot can say "we know of it, but do not
// hold its text" instead of pretending.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

export const CATALOGUE_FILE = 'catalogue.json';

export const REGULATION_LEVELS = [
  '宪法', '法律', '行政法规', '党内法规', '地方性法规', '地方政府规章', '规范性文件', '党中央国务院文件', '地方党委文件', '工作计划',
] as const;

const nonEmpty = z.string().trim().min(1);

const entrySchema = z
  .object({
    /** Full official title, without 《》. */
    title: nonEmpty,
    /** "regulation" (laws, rules, normative documents) or "plan" (a local work plan, not a regulation). */
    kind: z.enum(['regulation', 'plan']).default('regulation'),
    /** Short names people write: "行政处罚法", "处罚法", "反诈法". */
    aliases: z.array(nonEmpty).default([]),
    level: z.enum(REGULATION_LEVELS).optional(),
    issuer: nonEmpty.optional(),
    /** YYYY-MM-DD, only where the texts show it. */
    version: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'version must be YYYY-MM-DD').optional(),
    /** Report sections that name it in 《》. */
    reportSections: z.array(nonEmpty).default([]),
    /** Report sections whose measures rest on it without naming it (宪法日, 信访, 重大行政决策程序 …). */
    relatedSections: z.array(nonEmpty).default([]),
    /** Where the official text is published, in words. */
    publishedAt: nonEmpty.optional(),
    /** One or two plain sentences in our own words. */
    summary: nonEmpty,
    note: nonEmpty.optional(),
  })
  .strict();

const catalogueSchema = z.object({ description: z.string().optional(), entries: z.array(entrySchema).min(1) }).strict();

export type CatalogueEntryData = z.infer<typeof entrySchema>;

export interface CatalogueEntry extends CatalogueEntryData {
  /** Title without "中华人民共和国": "行政处罚法". */
  shortTitle: string;
  /** Whether the full text is loaded; set by markTextLoaded, never stored in the file. */
  textLoaded?: boolean;
}

export class CatalogueError extends Error {
  override readonly name = 'CatalogueError';
}

/** Reads and validates knowledge/catalogue.json; a bad file names the entry and field that is wrong. */
export async function loadCatalogue(knowledgeDir: string): Promise<CatalogueEntry[]> {
  const file = path.join(knowledgeDir, CATALOGUE_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new CatalogueError(`Cannot read the regulation catalogue ${file}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return parseCatalogue(raw, file);
}

export function parseCatalogue(raw: unknown, file = CATALOGUE_FILE): CatalogueEntry[] {
  const parsed = catalogueSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new CatalogueError(`Invalid regulation catalogue ${file} — ${problems}`);
  }
  const entries = parsed.data.entries.map((e) => ({ ...e, shortTitle: shortTitleOf(e.title) }));
  const seen = new Map<string, string>();
  for (const e of entries) {
    for (const name of namesOf(e)) {
      const key = normaliseName(name);
      const owner = seen.get(key);
      if (owner !== undefined && owner !== e.title) {
        throw new CatalogueError(`Invalid regulation catalogue ${file} — the name "${name}" belongs to both "${owner}" and "${e.title}"`);
      }
      seen.set(key, e.title);
    }
  }
  return entries;
}

function shortTitleOf(title: string): string {
  return title.replace(/^中华人民共和国/, '') || title;
}

function namesOf(entry: Pick<CatalogueEntry, 'title' | 'aliases'>): string[] {
  return [entry.title, shortTitleOf(entry.title), ...entry.aliases];
}

/**
 * One spelling for names: no white space or 《》, ASCII brackets, one kind of dash and of quote mark, so
 * "法治政府建设实施纲要（2021-2025年）" matches "（2021－2025年）" and "三重一大" matches "“三重一大”".
 */
export function normaliseName(s: string): string {
  return s
    .replace(/[\s《》〈〉<>]/g, '')
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')')
    .replace(/[－—–~～]/g, '-')
    .replace(/[“”"「」『』‘’']/g, '')
    .toLowerCase();
}

/**
 * Catalogue entries named in a question, by title or alias, 《》 optional. Longer names win over the shorter
 * names inside them ("行政处罚法" is one match, not also "处罚法"), and the result is longest match first.
 */
export function findCatalogueEntries(question: string, catalogue: readonly CatalogueEntry[]): CatalogueEntry[] {
  const text = normaliseName(question);
  const candidates = catalogue
    .flatMap((entry) => namesOf(entry).map((name) => ({ entry, name: normaliseName(name) })))
    .filter((c) => c.name.length > 0)
    .sort((a, b) => b.name.length - a.name.length);
  const taken: boolean[] = new Array<boolean>(text.length).fill(false);
  const found = new Map<CatalogueEntry, { length: number; at: number }>();
  for (const { entry, name } of candidates) {
    for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
      if (taken.slice(at, at + name.length).some(Boolean)) continue;
      taken.fill(true, at, at + name.length);
      const best = found.get(entry);
      if (!best || name.length > best.length || (name.length === best.length && at < best.at)) found.set(entry, { length: name.length, at });
    }
  }
  // Longest match first; equally long names in the order the question names them.
  return [...found].sort(([, a], [, b]) => b.length - a.length || a.at - b.at).map(([entry]) => entry);
}

/**
 * Copies of the entries with textLoaded set: true when a loaded regulation has the entry's title or short title.
 * Aliases do not count: "信访条例" is also the name of the older regulation that 信访工作条例 replaced.
 */
export function markTextLoaded(
  catalogue: readonly CatalogueEntry[],
  regulations: ReadonlyArray<{ title: string; shortTitle?: string }>,
): CatalogueEntry[] {
  const loaded = new Set(regulations.flatMap((r) => [r.title, r.shortTitle ?? shortTitleOf(r.title)]).map(normaliseName));
  return catalogue.map((entry) => ({
    ...entry,
    textLoaded: [entry.title, entry.shortTitle].some((n) => loaded.has(normaliseName(n))),
  }));
}

/** Titles of catalogue regulations whose full text is not loaded (KnowledgeStats.catalogueOnly). */
export function catalogueOnly(
  catalogue: readonly CatalogueEntry[],
  regulations: ReadonlyArray<{ title: string; shortTitle?: string }>,
): string[] {
  return markTextLoaded(catalogue, regulations)
    .filter((e) => e.kind === 'regulation' && !e.textLoaded)
    .map((e) => e.title);
}
