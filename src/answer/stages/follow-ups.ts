// Follow-ups, resolved once for the whole core: the rules first (they also know "还有呢" means other
// passages); a chat model, when configured, rewrites what they leave alone. The standalone question is
// read again; the Answer carries it as `resolved`, and the bot remembers that for the next follow-up.
import type { AnswerState } from '../deps.js';
import { resolveFollowUp } from '../follow-up.js';
import { understand } from '../understand.js';

export async function resolveFollowUps(s: AnswerState): Promise<AnswerState> {
  const { deps, ctx } = s;
  const followUp = resolveFollowUp(s.u.question, ctx.history);
  if (!followUp.rewritten && deps.model && ctx.history?.length) {
    const rewritten = await deps.model.rewrite(ctx.history, s.u.question);
    if (rewritten && rewritten !== s.u.question) Object.assign(followUp, { text: rewritten, rewritten: true });
  }
  if (!followUp.rewritten) return { ...s, followUp };
  return { ...s, followUp, u: understand(followUp.text, deps.names, s.now) };
}
