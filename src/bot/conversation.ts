// What the bot remembers of a conversation: the last few turns, with their answers, so the core can
// resolve follow-ups ("那2024年呢", "第二条具体怎么说") and feedback can name the question it rates.
import { ConversationState, type TurnContext } from 'botbuilder';
import type { Answer, Turn } from '../domain.js';
import { HISTORY_TURNS } from '../limits.js';

/**
 * botbuilder's ConversationState, less one cost: after a forced save, BotState hashes the whole state again
 * (its own JSON stringify and SHA-256) only so that a later unforced save in the same turn can tell whether
 * anything changed. Our turns save once, forced, as their last step, so that hash is never read; it was about
 * a twentieth of the CPU of a cached answer's turn. Unforced saves are botbuilder's own.
 */
export class TurnEndConversationState extends ConversationState {
  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    if (!force) return super.saveChanges(context, force);
    const key = await this.storageKey(context);
    // As botbuilder's forced save: the loaded state (or {} if none) under eTag '*' — last writer wins.
    const state = (this.get(context) as Record<string, unknown> | undefined) ?? {};
    await this.storage.write({ [key]: { ...state, eTag: '*' } });
  }
}

export interface RememberedTurn extends Turn {
  answerId: string;
  at: string;
}

export interface ConversationMemory {
  turns: RememberedTurn[];
}

/** Turns kept, a little more than the history, so 👍/👎 on a slightly older answer still finds its question. */
export const REMEMBERED_TURNS = 8;

/** The property of the conversation state that holds the memory. */
const MEMORY = 'memory';

/**
 * Reads and writes the memory on the state botbuilder loaded for the turn (BotState.load, cached per turn),
 * as a StatePropertyAccessor would, without its generator-based functions (see LegalBot.run).
 */
export class ConversationMemoryStore {
  constructor(private readonly state: ConversationState) {}

  private async memory(context: TurnContext): Promise<ConversationMemory> {
    const loaded = (await this.state.load(context)) as { [MEMORY]?: ConversationMemory };
    const memory = loaded[MEMORY];
    if (memory && Array.isArray(memory.turns)) return memory;
    const empty: ConversationMemory = { turns: [] };
    loaded[MEMORY] = empty;
    return empty;
  }

  /** A conversation that has just begun: empty memory without asking the store (botbuilder's clear()). */
  async startNew(context: TurnContext): Promise<void> {
    await this.state.clear(context);
  }

  async history(context: TurnContext): Promise<Turn[]> {
    const memory = await this.memory(context);
    return memory.turns.slice(-HISTORY_TURNS).map(({ question, resolved, answer }) => ({ question, resolved, answer }));
  }

  async remember(context: TurnContext, question: string, answer: Answer, answerId: string, resolved?: string): Promise<void> {
    const memory = await this.memory(context);
    memory.turns.push({ question, resolved, answer: compact(answer), answerId, at: new Date().toISOString() });
    if (memory.turns.length > REMEMBERED_TURNS) memory.turns.splice(0, memory.turns.length - REMEMBERED_TURNS);
    // Last writer wins (force): two tabs of one conversation must not fail a turn on an eTag conflict.
    // Force is safe only here, after memory() loaded the state; elsewhere it would overwrite it with {}.
    await this.state.saveChanges(context, true);
  }

  async find(context: TurnContext, answerId: string): Promise<RememberedTurn | undefined> {
    const memory = await this.memory(context);
    return memory.turns.find((t) => t.answerId === answerId);
  }
}

/**
 * The Answer as remembered: citation passages dropped. Follow-ups read ids, titles and articles of
 * earlier citations and the answer text, never the passages — which are most of an Answer's size,
 * and every stored byte is read, parsed and written again on each turn of the conversation.
 */
function compact(answer: Answer): Answer {
  // The turn keeps `resolved` beside the answer; the answer need not say it again.
  const { resolved: _resolved, ...rest } = answer;
  return { ...rest, citations: answer.citations.map((c) => ({ ...c, text: '' })) };
}
