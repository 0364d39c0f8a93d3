// How each family of embedding models wants to be used. A model is trained with one pooling of its
// last hidden layer and, for retrieval, often with a prefix on queries or passages; used otherwise its
// vectors are worse (bge-zh with mean pooling and no instruction loses recall). Facts from the models'
// cards, matched on the model's name (the hub id, or the folder's name). For a model not listed, the
// settings come from EMBEDDINGS_POOLING / _QUERY_PREFIX / _PASSAGE_PREFIX; they also override a family.

export type Pooling = 'cls' | 'mean';

export interface ModelFamily {
  name: string;
  /** Tested against the last part of the hub id or folder path. */
  match: RegExp;
  pooling: Pooling;
  /** Whether the card L2-normalises the vectors (the index compares by cosine either way). */
  normalize: boolean;
  queryPrefix: string;
  passagePrefix: string;
}

export const MODEL_FAMILIES: readonly ModelFamily[] = [
  // BAAI/bge-m3: CLS of the dense head, no instruction.
  { name: 'bge-m3', match: /^bge-m3\b/i, pooling: 'cls', normalize: true, queryPrefix: '', passagePrefix: '' },
  // BAAI/bge-{small,base,large}-zh(-v1.5): CLS, the instruction on short retrieval queries only.
  {
    name: 'bge-zh',
    match: /^bge-(small|base|large)-zh(-v1\.5)?\b/i,
    pooling: 'cls',
    normalize: true,
    queryPrefix: '为这个句子生成表示以用于检索相关文章：',
    passagePrefix: '',
  },
  {
    name: 'bge-en',
    match: /^bge-(small|base|large)-en(-v1\.5)?\b/i,
    pooling: 'cls',
    normalize: true,
    queryPrefix: 'Represent this sentence for searching relevant passages: ',
    passagePrefix: '',
  },
  // intfloat/e5-* and multilingual-e5-*: mean pooling, "query: " / "passage: ". The -instruct models take a
  // task description instead and are left to the settings.
  {
    name: 'e5',
    match: /^(multilingual-)?e5-(small|base|large)(-v2)?(?!.*instruct)/i,
    pooling: 'mean',
    normalize: true,
    queryPrefix: 'query: ',
    passagePrefix: 'passage: ',
  },
  // moka-ai/m3e-* and shibing624/text2vec-*: mean pooling, no prefixes, vectors not normalised.
  { name: 'm3e', match: /^m3e-/i, pooling: 'mean', normalize: false, queryPrefix: '', passagePrefix: '' },
  { name: 'text2vec', match: /^text2vec-/i, pooling: 'mean', normalize: false, queryPrefix: '', passagePrefix: '' },
];

export interface FamilySettings {
  pooling?: Pooling;
  queryPrefix?: string;
  passagePrefix?: string;
}

export interface ResolvedFamily {
  /** The family's name, or undefined for a model not in the table. */
  family: string | undefined;
  pooling: Pooling;
  normalize: boolean;
  queryPrefix: string;
  passagePrefix: string;
  /** Where each setting came from, for the log line that says what was used. */
  from: { pooling: 'family' | 'config' | 'default'; prefixes: 'family' | 'config' | 'default' };
}

/** The last part of a hub id or folder path: "BAAI/bge-small-zh-v1.5" → "bge-small-zh-v1.5". */
export function modelName(model: string): string {
  return model.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? model;
}

export function findFamily(model: string): ModelFamily | undefined {
  const name = modelName(model);
  return MODEL_FAMILIES.find((f) => f.match.test(name));
}

/**
 * The settings a model is used with: the configured ones where given, else its family's, else mean
 * pooling without prefixes (the common sentence-transformers default) — which the caller must log.
 */
export function resolveFamily(model: string, settings: FamilySettings = {}): ResolvedFamily {
  const f = findFamily(model);
  const prefixesSet = settings.queryPrefix !== undefined || settings.passagePrefix !== undefined;
  return {
    family: f?.name,
    pooling: settings.pooling ?? f?.pooling ?? 'mean',
    normalize: f?.normalize ?? true,
    queryPrefix: settings.queryPrefix ?? f?.queryPrefix ?? '',
    passagePrefix: settings.passagePrefix ?? f?.passagePrefix ?? '',
    from: {
      pooling: settings.pooling ? 'config' : f ? 'family' : 'default',
      prefixes: prefixesSet ? 'config' : f ? 'family' : 'default',
    },
  };
}

/**
 * Pools a model's last hidden layer [batch, seq, hidden] into one vector per text: the first ([CLS])
 * token, or the mean over the tokens the attention mask keeps (padding excluded).
 */
export function poolHidden(
  data: ArrayLike<number>,
  dims: readonly number[],
  mask: ArrayLike<number | bigint>,
  pooling: Pooling,
  normalize: boolean,
): number[][] {
  const [batch, seq, hidden] = dims as [number, number, number];
  const out: number[][] = [];
  for (let b = 0; b < batch; b++) {
    const v = new Array<number>(hidden).fill(0);
    const base = b * seq * hidden;
    if (pooling === 'cls') {
      for (let d = 0; d < hidden; d++) v[d] = data[base + d]!;
    } else {
      let kept = 0;
      for (let s = 0; s < seq; s++) {
        if (Number(mask[b * seq + s]) === 0) continue;
        kept++;
        const row = base + s * hidden;
        for (let d = 0; d < hidden; d++) v[d]! += data[row + d]!;
      }
      for (let d = 0; d < hidden; d++) v[d] = v[d]! / Math.max(1, kept);
    }
    if (normalize) {
      let norm = 0;
      for (const x of v) norm += x * x;
      norm = Math.sqrt(norm) || 1;
      for (let d = 0; d < hidden; d++) v[d] = v[d]! / norm;
    }
    out.push(v);
  }
  return out;
}
