// The answer core as a pipeline (ARCHITECTURE.md): small stages, each with one job, run in order over one
// state; a stage hands the state on or ends the way with what is to be said. The bot, every channel and
// the CLI come in through answerQuestion / streamAnswer (the answer service).
//
//   read → refuse → resolve follow-ups → refuse (the standalone question) → route: staff lookup
//   → screen (off topic) → sources: scope → retrieve → decide → compose → suggest → word (a model, if any)
import type { Answer, AnswerContext, AnswerStreamEvent } from '../domain.js';
import { isPrepared, type AnswerDeps, type AnswerState, type Prepared, type StageResult } from './deps.js';
import { resolveFollowUps } from './stages/follow-ups.js';
import { refuse } from './stages/refusal.js';
import { lookUpStaff, screenOffTopic } from './stages/route.js';
import { answerFromSources } from './stages/sources.js';
import { streamWords, word } from './stages/word.js';
import { understand } from './understand.js';

export type { AnswerDeps } from './deps.js';

type Stage = (s: AnswerState) => StageResult | Promise<StageResult>;

const STAGES: readonly Stage[] = [refuse, resolveFollowUps, refuse, lookUpStaff, screenOffTopic, answerFromSources];

/** Read: the question cleaned, normalised and understood (years, regulation names, what it asks for). */
function read(raw: string, deps: AnswerDeps, ctx: AnswerContext): AnswerState {
  const now = ctx.now ?? new Date();
  const u = understand(raw, deps.names, now);
  return { deps, ctx, now, u, followUp: { text: u.question, rewritten: false } };
}

/** The stages' answer, and the standalone question a follow-up became (undefined for one that stands alone). */
async function prepare(raw: string, deps: AnswerDeps, ctx: AnswerContext): Promise<{ prepared: Prepared; resolved: string | undefined }> {
  let state = read(raw, deps, ctx);
  for (const stage of STAGES) {
    const next = await stage(state);
    if (isPrepared(next)) return { prepared: next, resolved: state.followUp.rewritten ? state.followUp.text : undefined };
    state = next;
  }
  throw new Error('the last stage of the answer pipeline always answers');
}

/** The Answer carries the standalone question a follow-up became, so the next follow-up builds on it. */
const withResolved = (answer: Answer, resolved: string | undefined): Answer => (resolved === undefined ? answer : { ...answer, resolved });

export async function answerQuestion(raw: string, deps: AnswerDeps, ctx: AnswerContext = {}): Promise<Answer> {
  const { prepared, resolved } = await prepare(raw, deps, ctx);
  return withResolved(await word(prepared, deps, ctx), resolved);
}

/** The same answer as events: model tokens as they come (when a model is configured), then the Answer. */
export async function* streamAnswer(raw: string, deps: AnswerDeps, ctx: AnswerContext = {}): AsyncGenerator<AnswerStreamEvent> {
  const { prepared, resolved } = await prepare(raw, deps, ctx);
  for await (const ev of streamWords(prepared, deps, ctx)) yield ev.type === 'answer' ? { type: 'answer', answer: withResolved(ev.answer, resolved) } : ev;
}
