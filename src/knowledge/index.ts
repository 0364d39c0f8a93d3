// Loads everything the bot knows: the reports and catalogue in KNOWLEDGE_DIR, the full regulation texts
// in LAWS_DIR (and knowledge/laws if present). A file that cannot be read or parsed is skipped and
// named in the log; everything else loads.
import fs from 'node:fs';
import path from 'node:path';
import type { Chunk, Regulation, Report } from '../domain.js';
import type { Logger } from '../logger.js';
import { loadCatalogue, type CatalogueEntry } from './catalogue.js';
import { listSourceFiles, readSourceDocument } from './loaders.js';
import { parseRegulation } from './regulation.js';
import { regulationChunks } from './regulation-chunks.js';
import { parseReport, reportChunks } from './report/index.js';
import { loadLinkedQuestions, resolveLinks } from './linked-questions.js';
import { loadThesaurus, type Thesaurus } from './thesaurus.js';

export interface SourceFingerprint {
  root: 'knowledge' | 'laws' | 'linked';
  name: string;
  hash: string;
}

export interface KnowledgeBase {
  reports: Report[];
  regulations: Regulation[];
  catalogue: CatalogueEntry[];
  thesaurus: Thesaurus;
  chunks: Chunk[];
  /** What the index was built from: its manifest compares these. */
  sources: SourceFingerprint[];
  /** Files skipped, with the reason. */
  skipped: { file: string; reason: string }[];
  /** Linked questions: lines attached to a passage, and lines whose passage is not loaded. */
  linked: { resolved: number; unresolved: number; invalid: number };
}

export interface KnowledgeLocation {
  knowledgeDir: string;
  lawsDir?: string | undefined;
  /** LINKED_QUESTIONS_FILE: a deployment's questions linked to the articles that answer them. */
  linkedQuestionsFile?: string | undefined;
}

async function readAll(
  root: string,
  rootName: SourceFingerprint['root'],
  prefix: string,
  logger: Logger,
  onDoc: (text: string, name: string) => void,
  kb: Pick<KnowledgeBase, 'sources' | 'skipped'>,
): Promise<void> {
  for (const name of await listSourceFiles(root)) {
    try {
      const doc = await readSourceDocument(root, name);
      onDoc(doc.text, name);
      kb.sources.push({ root: rootName, name: prefix + name, hash: doc.hash });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      kb.skipped.push({ file: path.join(root, name), reason });
      logger.warn({ file: path.join(root, name), reason }, 'skipped a knowledge file that could not be read or parsed');
    }
  }
}

export async function loadKnowledge(loc: KnowledgeLocation, logger: Logger): Promise<KnowledgeBase> {
  const kb: KnowledgeBase = { reports: [], regulations: [], catalogue: [], thesaurus: { entries: [] }, chunks: [], sources: [], skipped: [], linked: { resolved: 0, unresolved: 0, invalid: 0 } };

  const reportsDir = path.join(loc.knowledgeDir, 'reports');
  if (fs.existsSync(reportsDir)) {
    await readAll(reportsDir, 'knowledge', 'reports/', logger, (text, name) => {
      const report = parseReport(text, `reports/${name}`);
      for (const w of report.warnings) logger.warn({ file: `reports/${name}` }, w);
      kb.reports.push(report);
    }, kb);
  } else {
    logger.warn({ dir: reportsDir }, 'no reports folder: the bot will only answer from regulations');
  }
  kb.reports.sort((a, b) => b.year - a.year);

  const lawRoots = [path.join(loc.knowledgeDir, 'laws'), loc.lawsDir].filter((d): d is string => !!d);
  for (const root of lawRoots) {
    if (!fs.existsSync(root)) {
      if (root === loc.lawsDir) logger.warn({ LAWS_DIR: root }, 'LAWS_DIR does not exist: serving the reports and catalogue only');
      continue;
    }
    await readAll(root, 'laws', root === loc.lawsDir ? '' : 'knowledge/laws/', logger, (text, name) => {
      const reg = parseRegulation(text, name);
      if (reg.articles.length === 0) throw new Error('no articles (第…条) found');
      kb.regulations.push(reg);
    }, kb);
  }

  for (const [file, hashName] of [['catalogue.json', 'catalogue'], ['thesaurus.json', 'thesaurus']] as const) {
    const p = path.join(loc.knowledgeDir, file);
    if (!fs.existsSync(p)) continue;
    try {
      if (hashName === 'catalogue') kb.catalogue = await loadCatalogue(loc.knowledgeDir);
      else kb.thesaurus = await loadThesaurus(loc.knowledgeDir);
      const { createHash } = await import('node:crypto');
      kb.sources.push({ root: 'knowledge', name: file, hash: createHash('sha256').update(fs.readFileSync(p)).digest('hex') });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      kb.skipped.push({ file: p, reason });
      logger.warn({ file: p, reason }, 'skipped a knowledge file that could not be read or parsed');
    }
  }

  kb.chunks = [...kb.reports.flatMap(reportChunks), ...kb.regulations.flatMap(regulationChunks)];
  // Two versions of one law, or a file given twice, must not collide in the index.
  const seen = new Map<string, number>();
  for (const c of kb.chunks) {
    const n = seen.get(c.id) ?? 0;
    seen.set(c.id, n + 1);
    if (n > 0) c.id = `${c.id}~${n}`;
  }
  attachLinkedQuestions(loc, kb, logger);
  return kb;
}

/** Attaches each linked question to the chunks it names; they are part of the index (and its manifest). */
function attachLinkedQuestions(loc: KnowledgeLocation, kb: KnowledgeBase, logger: Logger): void {
  const load = loadLinkedQuestions(loc.knowledgeDir, loc.linkedQuestionsFile);
  for (const u of load.unreadable) {
    kb.skipped.push(u);
    logger.warn(u, 'skipped a linked-questions file that could not be read');
  }
  for (const bad of load.invalid.slice(0, 20)) logger.warn(bad, 'skipped a linked-question line');
  const res = resolveLinks(load.questions, kb.chunks);
  for (const [i, qs] of res.byChunk) {
    const c = kb.chunks[i]!;
    c.questions = qs.map((q) => q.q);
    const asked = qs.filter((q) => q.origin === 'asked').length;
    if (asked) c.asked = asked;
  }
  for (const f of load.files) kb.sources.push({ root: 'linked', name: f.name, hash: f.hash });
  kb.linked = { resolved: res.resolved, unresolved: res.unresolved.length, invalid: load.invalid.length };
  if (load.questions.length) logger.info(kb.linked, 'linked questions attached to their passages');
}
