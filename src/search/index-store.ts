// The search index on disk: one folder per build under DATA_DIR/index, and a CURRENT file naming the
// one in use. A build writes its folder completely, then replaces CURRENT by rename — so a crash
// mid-build leaves the previous index serving, and readers never see half an index.
import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { Chunk } from '../domain.js';
import type { SourceFingerprint } from '../knowledge/index.js';
import type { Logger } from '../logger.js';
import { INDEX_SCHEMA, staleReason, type EmbeddingsId, type IndexManifest } from './manifest.js';
import { LocalEmbeddings } from './embeddings/local.js';
import { BatchedEmbeddings } from './embeddings/batched.js';

export interface StoredIndex {
  dir: string;
  manifest: IndexManifest;
  chunks: Chunk[];
  vectors: HNSWLib;
  embeddings: EmbeddingsInterface;
}

export interface EmbeddingsChoice {
  id: Omit<EmbeddingsId, 'dimensions'>;
  /** The built-in embedding is fitted to the corpus; others are used as given. */
  create(): EmbeddingsInterface;
}

const indexRoot = (dataDir: string) => path.join(dataDir, 'index');
const currentFile = (dataDir: string) => path.join(indexRoot(dataDir), 'CURRENT');

async function readCurrent(dataDir: string): Promise<string | undefined> {
  try {
    const name = (await fs.readFile(currentFile(dataDir), 'utf8')).trim();
    return name ? path.join(indexRoot(dataDir), name) : undefined;
  } catch {
    return undefined;
  }
}

async function loadFrom(dir: string, embeddingsFor: (dir: string) => Promise<EmbeddingsInterface>): Promise<StoredIndex> {
  const manifest = JSON.parse(await fs.readFile(path.join(dir, 'manifest.json'), 'utf8')) as IndexManifest;
  const chunks = JSON.parse(await fs.readFile(path.join(dir, 'chunks.json'), 'utf8')) as Chunk[];
  if (chunks.length !== manifest.chunks) throw new Error(`chunks.json holds ${chunks.length} chunks, the manifest says ${manifest.chunks}`);
  const embeddings = await embeddingsFor(dir);
  const vectors = await HNSWLib.load(dir, embeddings);
  if (vectors.index.getCurrentCount() !== chunks.length) throw new Error('the vector index and chunks.json disagree');
  return { dir, manifest, chunks, vectors, embeddings };
}

/** Embeds chunks (in batches, so remote providers get bounded requests) and builds the HNSW graph. */
async function buildVectors(chunks: Chunk[], embeddings: EmbeddingsInterface, logger: Logger): Promise<HNSWLib> {
  const { HierarchicalNSW } = await HNSWLib.imports();
  const batch = 256;
  let index: InstanceType<typeof HierarchicalNSW> | undefined;
  let dims = 0;
  // A remote provider's progress bar should count the whole build, not each call.
  if (embeddings instanceof BatchedEmbeddings) embeddings.expectTotal(chunks.length);
  for (let i = 0; i < chunks.length; i += batch) {
    const vecs = await embeddings.embedDocuments(chunks.slice(i, i + batch).map(embeddingText));
    if (!index) {
      dims = vecs[0]?.length ?? 0;
      index = new HierarchicalNSW('cosine', dims);
      // M=12, efConstruction=64: measured against 16/100 on the national corpus, a third of the build
      // time; search keeps ef ≥ k = 50, so recall of the few dozen candidates we rerank holds.
      index.initIndex(chunks.length, 12, 64, 42);
    }
    vecs.forEach((v, j) => index!.addPoint(v, i + j));
    if (chunks.length > 5000 && (i / batch) % 40 === 0) logger.info({ embedded: i + vecs.length, of: chunks.length }, 'embedding chunks');
  }
  if (embeddings instanceof BatchedEmbeddings) embeddings.finish();
  if (!index) throw new Error('nothing to index');
  const { SynchronousInMemoryDocstore } = await import('@langchain/community/stores/doc/in_memory');
  const { Document } = await import('@langchain/core/documents');
  // The docstore holds only the chunk number: the chunk itself lives in chunks.json, not twice.
  const docstore = new SynchronousInMemoryDocstore(new Map(chunks.map((_, i) => [String(i), new Document({ pageContent: '', metadata: { i } })])));
  return new HNSWLib(embeddings, { space: 'cosine', numDimensions: dims, index, docstore });
}

/** What the vector side sees of a chunk: its text with the words that place it (law name, chapter, section). */
export function embeddingText(c: Chunk): string {
  return [c.shortTitle ?? '', c.chapter ?? '', c.section ?? '', c.text].filter(Boolean).join(' ');
}

export async function buildIndex(
  dataDir: string,
  chunks: Chunk[],
  sources: SourceFingerprint[],
  choice: EmbeddingsChoice,
  logger: Logger,
): Promise<StoredIndex> {
  const started = performance.now();
  const root = indexRoot(dataDir);
  await fs.mkdir(root, { recursive: true });
  // A readable time, not epoch milliseconds: log masking takes 13+ digit runs for bank-card numbers.
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '');
  const name = `build-${stamp}-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
  const tmp = path.join(root, `${name}.tmp`);
  const dir = path.join(root, name);
  await fs.mkdir(tmp, { recursive: true });
  try {
    const embeddings = choice.create();
    if (embeddings instanceof LocalEmbeddings) embeddings.fit(chunks.map(embeddingText));
    const vectors = await buildVectors(chunks, embeddings, logger);
    await vectors.save(tmp);
    if (embeddings instanceof LocalEmbeddings) await embeddings.save(path.join(tmp, 'local-embeddings.bin'));
    await fs.writeFile(path.join(tmp, 'chunks.json'), JSON.stringify(chunks));
    const manifest: IndexManifest = {
      schema: INDEX_SCHEMA,
      builtAt: new Date().toISOString(),
      buildMs: Math.round(performance.now() - started),
      embeddings: { ...choice.id, dimensions: vectors.index.getNumDimensions() },
      chunks: chunks.length,
      sources,
    };
    // The manifest is written last: a folder without one is an unfinished build.
    await fs.writeFile(path.join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 1));
    await fs.rename(tmp, dir);
    const cur = currentFile(dataDir);
    await fs.writeFile(`${cur}.${process.pid}.tmp`, name);
    await fs.rename(`${cur}.${process.pid}.tmp`, cur);
    await removeOldBuilds(dataDir, name);
    logger.info({ chunks: chunks.length, ms: manifest.buildMs, dir }, 'index built');
    return { dir, manifest, chunks, vectors, embeddings };
  } catch (err) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw err;
  }
}

async function removeOldBuilds(dataDir: string, keep: string): Promise<void> {
  const root = indexRoot(dataDir);
  for (const entry of await fs.readdir(root)) {
    if (entry === keep || entry === 'CURRENT' || !entry.startsWith('build-')) continue;
    // Leave other processes' unfinished builds alone for an hour; they may still be writing.
    const stat = await fs.stat(path.join(root, entry)).catch(() => undefined);
    if (entry.endsWith('.tmp') && stat && Date.now() - stat.mtimeMs < 3600_000) continue;
    await fs.rm(path.join(root, entry), { recursive: true, force: true });
  }
}

/**
 * Loads the current index if it fits the knowledge and embedding; otherwise (missing, stale, corrupt)
 * rebuilds it, saying why in the log.
 */
export async function openIndex(
  dataDir: string,
  chunks: Chunk[],
  sources: SourceFingerprint[],
  choice: EmbeddingsChoice,
  logger: Logger,
  opts: { forceRebuild?: boolean } = {},
): Promise<StoredIndex> {
  const dir = await readCurrent(dataDir);
  if (!opts.forceRebuild && dir && existsSync(dir)) {
    let reusable: StoredIndex | undefined;
    try {
      const stored = await loadFrom(dir, async (d) =>
        choice.id.provider === 'local' ? LocalEmbeddings.load(path.join(d, 'local-embeddings.bin')) : choice.create(),
      );
      const reason = staleReason(stored.manifest, sources, choice.id);
      if (!reason) reusable = stored;
      else logger.info({ reason }, 'index is stale: rebuilding');
    } catch (err) {
      logger.warn({ dir, reason: err instanceof Error ? err.message : String(err) }, 'index is unreadable or corrupt: rebuilding');
    }
    if (reusable) {
      // A model inside the bot loads now, not during the first question (a build has loaded it already).
      if (choice.id.provider === 'transformers') await reusable.embeddings.embedQuery('预热');
      return reusable;
    }
  } else if (!opts.forceRebuild) {
    logger.info({ dataDir }, 'no index yet: building it');
  }
  return buildIndex(dataDir, chunks, sources, choice, logger);
}
