// Decide: do the passages answer the question, or is it declined? The learned decision
// (src/answer/decision.ts, knowledge/learned/decision.json) reads how well they cover its words.
// An article looked up by name, and a text we do not hold, are not for it to decide.
import { decide, decisionFeatures } from '../decision.js';
import { withoutAskWords } from '../report/question-form.js';
import type { PassageState } from './retrieve.js';

export function passagesAnswer(p: PassageState): boolean {
  if (p.direct || p.notLoaded) return true;
  const { deps, expansion } = p;
  const bridges = (w: string) => (expansion.matched.some((m: string) => m.includes(w) || w.includes(m)) ? expansion.terms : []);
  const asked = withoutAskWords(p.district.text);
  const features = decisionFeatures({
    text: asked,
    hits: p.hits,
    bm25: deps.search.bm25,
    vocabulary: deps.search.lexical.linked,
    scope: deps.scope?.read(asked) ?? { loaded: 0, elsewhere: 0, known: 0, unknown: 0 },
    bridges,
    namedLaw: p.named.size > 0,
  });
  const decision = decide(deps.decision, features);
  deps.observe?.(decision, p.u.question);
  return decision.answer;
}
