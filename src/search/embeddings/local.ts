// The built-in embedding: no network, no download. Character 1–3-grams of Chinese text, weighted by
// sublinear tf × idf (document frequencies learned from the corpus at index time, kept in a hashed
// table), folded into a fixed number of dimensions with signed feature hashing, L2-normalised.
// Why n-grams: Chinese has no spaces, and legal and everyday wording share characters
// ("罚款" / "行政处罚") more often than whole words.
import fs from 'node:fs/promises';
import { Embeddings } from '@langchain/core/embeddings';
import { normalize, scriptRuns } from '../text.js';

export const LOCAL_EMBEDDINGS_ID = 'local-ngram-v2';
const DF_BUCKETS = 1 << 20;

/** FNV-1a over UTF-16 code units, continued from `h` (so n-grams hash without building substrings). */
function fnvStep(h: number, code: number): number {
  return Math.imul(h ^ code, 0x01000193) >>> 0;
}
const FNV_OFFSET = 0x811c9dc5;

/** Final mix so that df bucket, dimension and sign use independent bits of one hash. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The n-gram features of a text as hash → (count, n). 1–3-grams inside CJK runs; latin/digit runs whole.
 * Hashes, not strings: building a substring per n-gram was most of the cost on the national corpus.
 */
export function ngramFeatures(text: string): Map<number, { tf: number; n: number }> {
  const feats = new Map<number, { tf: number; n: number }>();
  const add = (h: number, n: number) => {
    const key = mix(h ^ n);
    const f = feats.get(key);
    if (f) f.tf++;
    else feats.set(key, { tf: 1, n });
  };
  for (const run of scriptRuns(normalize(text))) {
    const s = run.text;
    if (!run.cjk) {
      let h = FNV_OFFSET;
      for (let i = 0; i < s.length; i++) h = fnvStep(h, s.charCodeAt(i));
      add(h, 9);
      continue;
    }
    for (let i = 0; i < s.length; i++) {
      const h1 = fnvStep(FNV_OFFSET, s.charCodeAt(i));
      add(h1, 1);
      if (i + 1 < s.length) {
        const h2 = fnvStep(h1, s.charCodeAt(i + 1));
        add(h2, 2);
        if (i + 2 < s.length) add(fnvStep(h2, s.charCodeAt(i + 2)), 3);
      }
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
    this.dimensions = opts.dimensions ?? 256;
  }

  /** Learns document frequencies from the corpus; call before embedding documents. */
  fit(texts: Iterable<string>): void {
    this.df = new Uint32Array(DF_BUCKETS);
    this.docs = 0;
    for (const t of texts) {
      this.docs++;
      for (const key of ngramFeatures(t).keys()) this.df[key % DF_BUCKETS]!++;
    }
  }

  private idf(key: number): number {
    const df = this.df[key % DF_BUCKETS]!;
    return Math.log((this.docs + 1) / (df + 1)) + 1;
  }

  embedText(text: string): number[] {
    const v = new Float64Array(this.dimensions);
    for (const [key, { tf, n }] of ngramFeatures(text)) {
      // Single characters say little on their own; trigrams are specific but rare.
      const nWeight = n === 1 ? 0.3 : n === 3 ? 0.7 : 1;
      const w = (1 + Math.log(tf)) * this.idf(key) * nWeight;
      // Dimension and sign from bits the df bucket (low 20 bits) does not use.
      const h = key >>> 12;
      v[h % this.dimensions]! += key & 0x800 ? -w : w;
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
