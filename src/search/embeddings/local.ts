// The built-in embedding: no network, no download. Character 1–3-grams of Chinese text, weighted by
// sublinear tf × idf (document frequencies learned from the corpus at index time, kept in a hashed
// table), folded into a fixed number of dimensions with signed feature hashing, L2-normalised.
// Why n-grams: Chinese has no spaces, and legal and everyday wording share characters
// ("罚款" / "行政处罚") more often than whole words.
import fs from 'node:fs/promises';
import { Embeddings } from '@langchain/core/embeddings';
import { normalize, scriptRuns } from '../text.js';

export const LOCAL_EMBEDDINGS_ID = 'local-ngram-v1';
const DF_BUCKETS = 1 << 20;

function fnv1a(s: string, seed: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The n-gram features of a text with their n (for weighting). */
export function ngramFeatures(text: string): Map<string, number> {
  const feats = new Map<string, number>();
  const add = (f: string) => feats.set(f, (feats.get(f) ?? 0) + 1);
  for (const run of scriptRuns(normalize(text))) {
    if (!run.cjk) {
      add(run.text);
      continue;
    }
    const s = run.text;
    for (let i = 0; i < s.length; i++) {
      add(s[i]!);
      if (i + 1 < s.length) add(s.slice(i, i + 2));
      if (i + 2 < s.length) add(s.slice(i, i + 3));
    }
  }
  return feats;
}

export interface LocalEmbeddingsOptions {
  dimensions?: number;
}

export class LocalEmbeddings extends Embeddings {
  readonly dimensions: number;
  private df = new Uint32Array(DF_BUCKETS);
  private docs = 0;

  constructor(opts: LocalEmbeddingsOptions = {}) {
    super({});
    this.dimensions = opts.dimensions ?? 384;
  }

  /** Learns document frequencies from the corpus; call before embedding documents. */
  fit(texts: Iterable<string>): void {
    this.df = new Uint32Array(DF_BUCKETS);
    this.docs = 0;
    for (const t of texts) {
      this.docs++;
      for (const f of ngramFeatures(t).keys()) this.df[fnv1a(f, 0) % DF_BUCKETS]!++;
    }
  }

  private idf(feature: string): number {
    const df = this.df[fnv1a(feature, 0) % DF_BUCKETS]!;
    return Math.log((this.docs + 1) / (df + 1)) + 1;
  }

  embedText(text: string): number[] {
    const v = new Float64Array(this.dimensions);
    for (const [f, tf] of ngramFeatures(text)) {
      // Single characters say little on their own; trigrams are specific but rare.
      const nWeight = f.length === 1 ? 0.3 : f.length === 2 ? 1 : 0.7;
      const w = (1 + Math.log(tf)) * this.idf(f) * nWeight;
      const h = fnv1a(f, 0x9e3779b9);
      v[h % this.dimensions]! += h & 0x80000000 ? -w : w;
    }
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    return Array.from(v, (x) => x / norm);
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embedText(t));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embedText(text);
  }

  async save(file: string): Promise<void> {
    const header = Buffer.from(JSON.stringify({ id: LOCAL_EMBEDDINGS_ID, dimensions: this.dimensions, docs: this.docs }) + '\n');
    await fs.writeFile(file, Buffer.concat([header, Buffer.from(this.df.buffer, this.df.byteOffset, this.df.byteLength)]));
  }

  static async load(file: string): Promise<LocalEmbeddings> {
    const buf = await fs.readFile(file);
    const nl = buf.indexOf(10);
    const header = JSON.parse(buf.subarray(0, nl).toString('utf8')) as { id: string; dimensions: number; docs: number };
    if (header.id !== LOCAL_EMBEDDINGS_ID) throw new Error(`Embedding table ${file} is ${header.id}, expected ${LOCAL_EMBEDDINGS_ID}: rebuild the index.`);
    const e = new LocalEmbeddings({ dimensions: header.dimensions });
    const body = buf.subarray(nl + 1);
    if (body.byteLength !== DF_BUCKETS * 4) throw new Error(`Embedding table ${file} is truncated: rebuild the index.`);
    e.df = new Uint32Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength));
    e.docs = header.docs;
    return e;
  }
}
