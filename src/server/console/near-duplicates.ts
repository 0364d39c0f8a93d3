// Groups questions that are near-duplicates, so staff review "违法的事过了两年还能罚吗" once, not once per
// punctuation mark or particle. Two steps: a key (full-width to half-width, case, punctuation, spaces and
// trailing particles removed) that merges spelling variants; then questions whose character bigrams mostly
// agree (Jaccard ≥ NEAR_DUPLICATE_JACCARD) join the group of the most asked one. Greedy and cheap: a few
// thousand distinct questions group in milliseconds.

/** Share of character bigrams two questions must have in common to count as one question. */
export const NEAR_DUPLICATE_JACCARD = 0.6;

const TRAILING_PARTICLES = /[吗呢吧啊呀么嘛哦哈]+$/u;

/** The form questions are compared in: "违法的事，过了两年还能罚吗？" and "违法的事过了两年还能罚吗" share it. */
export function questionKey(question: string): string {
  const flat = question
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\s]+/gu, '');
  return flat.replace(TRAILING_PARTICLES, '') || flat;
}

function bigrams(key: string): Set<string> {
  const chars = [...key];
  const out = new Set<string>();
  if (chars.length === 1) out.add(chars[0]!);
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return out;
}

export interface Asked<T> {
  question: string;
  count: number;
  item: T;
}

export interface QuestionGroup<T> {
  key: string;
  /** The most asked wording. */
  question: string;
  count: number;
  /** Every member, most asked first. */
  members: Asked<T>[];
}

/** Groups the questions; groups come most asked first, members most asked first. */
export function groupNearDuplicates<T>(asked: readonly Asked<T>[], threshold = NEAR_DUPLICATE_JACCARD): QuestionGroup<T>[] {
  const sorted = [...asked].sort((a, b) => b.count - a.count);
  const groups: (QuestionGroup<T> & { grams: Set<string> })[] = [];
  const byKey = new Map<string, number>();
  // bigram → groups whose representative has it: only groups sharing a bigram are compared.
  const postings = new Map<string, number[]>();
  for (const a of sorted) {
    const key = questionKey(a.question);
    let g = byKey.get(key);
    const grams = bigrams(key);
    if (g === undefined) {
      const shared = new Map<number, number>();
      for (const gram of grams) for (const i of postings.get(gram) ?? []) shared.set(i, (shared.get(i) ?? 0) + 1);
      let best = -1;
      let bestScore = 0;
      for (const [i, n] of shared) {
        const score = n / (grams.size + groups[i]!.grams.size - n);
        if (score >= threshold && score > bestScore) [best, bestScore] = [i, score];
      }
      if (best >= 0) g = best;
    }
    if (g === undefined) {
      g = groups.length;
      groups.push({ key, question: a.question, count: 0, members: [], grams });
      for (const gram of grams) (postings.get(gram) ?? postings.set(gram, []).get(gram)!).push(g);
    }
    byKey.set(key, g);
    const group = groups[g]!;
    group.count += a.count;
    group.members.push(a);
  }
  return groups
    .map(({ grams: _grams, ...g }) => g)
    .sort((a, b) => b.count - a.count);
}
