// Finds the regulations a question names ("处罚法", 《安全生产法》, "反诈法") among the catalogue and the
// loaded texts, longest name first, so that "行政复议法" is not read as "复议".
import type { Regulation } from '../domain.js';

export interface NamedRegulation {
  /** Full official title. */
  title: string;
  /** Short title of the loaded text, when its full text is loaded. */
  loadedShortTitle?: string;
}

export interface RegulationNameIndex {
  names: { name: string; reg: NamedRegulation }[];
}

export interface CatalogueLike {
  title: string;
  aliases?: string[];
}

const stripBook = (s: string) => s.replace(/[《》〈〉]/g, '').trim();

export function buildRegulationNameIndex(catalogue: readonly CatalogueLike[], regulations: readonly Regulation[]): RegulationNameIndex {
  const byTitle = new Map<string, NamedRegulation>();
  const names = new Map<string, NamedRegulation>();
  for (const r of regulations) {
    const reg = byTitle.get(r.title) ?? { title: r.title, loadedShortTitle: r.shortTitle };
    byTitle.set(r.title, reg);
    names.set(r.title, reg);
    // Single-word short titles such as "宪法" are still names people use.
    names.set(r.shortTitle, reg);
  }
  for (const e of catalogue) {
    const reg = byTitle.get(e.title) ?? { title: e.title };
    byTitle.set(e.title, reg);
    for (const n of [e.title, ...(e.aliases ?? [])].map(stripBook)) if (n.length >= 2 && !names.has(n)) names.set(n, reg);
  }
  return { names: [...names].map(([name, reg]) => ({ name, reg })).sort((a, b) => b.name.length - a.name.length) };
}

/** Regulations named in the text, in order of appearance, each once. */
export function findRegulations(text: string, index: RegulationNameIndex): NamedRegulation[] {
  const taken: boolean[] = new Array<boolean>(text.length).fill(false);
  const hits: { at: number; reg: NamedRegulation }[] = [];
  for (const { name, reg } of index.names) {
    let from = 0;
    for (;;) {
      const at = text.indexOf(name, from);
      if (at < 0) break;
      from = at + 1;
      // "宪法日" names the day, and "宪法" inside a longer name is that name's part: skip overlaps.
      if (taken.slice(at, at + name.length).some(Boolean)) continue;
      for (let i = at; i < at + name.length; i++) taken[i] = true;
      hits.push({ at, reg });
    }
  }
  const seen = new Set<string>();
  return hits
    .sort((a, b) => a.at - b.at)
    .map((h) => h.reg)
    .filter((r) => (seen.has(r.title) ? false : (seen.add(r.title), true)));
}
