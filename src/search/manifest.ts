// What an index was built from. The server compares it with the knowledge it loaded and rebuilds
// when anything differs — a stale or mismatched index is never used silently.
import type { SourceFingerprint } from '../knowledge/index.js';

/** Bump when chunking, tokenising or the stored layout changes: old indexes then rebuild. */
export const INDEX_SCHEMA = 4;

export interface EmbeddingsId {
  provider: string;
  model: string;
  dimensions: number;
  /** What else shapes the vectors of a model inside the bot: dtype, pooling, prefixes, token limit, weights' size. */
  settings?: string;
}

export interface IndexManifest {
  schema: number;
  builtAt: string;
  buildMs: number;
  embeddings: EmbeddingsId;
  chunks: number;
  sources: SourceFingerprint[];
}

const key = (s: SourceFingerprint) => `${s.root}:${s.name}:${s.hash}`;

/** Why the manifest does not fit the current knowledge and embedding, or undefined when it fits. */
export function staleReason(m: IndexManifest, sources: SourceFingerprint[], emb: Omit<EmbeddingsId, 'dimensions'> & { dimensions?: number }): string | undefined {
  if (m.schema !== INDEX_SCHEMA) return `index layout ${m.schema} is older than ${INDEX_SCHEMA}`;
  if (m.embeddings.provider !== emb.provider || m.embeddings.model !== emb.model) {
    return `embeddings changed from ${m.embeddings.provider}/${m.embeddings.model} to ${emb.provider}/${emb.model}`;
  }
  if ((m.embeddings.settings ?? '') !== (emb.settings ?? '')) {
    return `embedding settings changed from ${m.embeddings.settings ?? 'none'} to ${emb.settings ?? 'none'}`;
  }
  if (emb.dimensions !== undefined && m.embeddings.dimensions !== emb.dimensions) return `embedding dimensions changed`;
  const had = new Set(m.sources.map(key));
  const now = new Set(sources.map(key));
  const added = sources.filter((s) => !had.has(key(s))).map((s) => s.name);
  const removed = m.sources.filter((s) => !now.has(key(s))).map((s) => s.name);
  if (added.length || removed.length) {
    const list = (xs: string[]) => xs.slice(0, 3).join(', ') + (xs.length > 3 ? ` (+${xs.length - 3})` : '');
    return [added.length ? `new or changed: ${list(added)}` : '', removed.length ? `removed or changed: ${list(removed)}` : ''].filter(Boolean).join('; ');
  }
  return undefined;
}
