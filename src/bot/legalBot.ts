// The one bot every channel runs: answers questions with citations, welcomes, helps, takes 👍/👎.
// Channel-agnostic: channels turn their transport into an Activity and call run(); rendering per
// channel kind happens in render.ts.
import { randomUUID } from 'node:crypto';
import { ActivityHandler, ActivityTypes, TurnContext, type Activity, type ConversationState } from 'botbuilder';
import type { AnswerService } from '../answer/service.js';
import type { Answer, AnswerContext } from '../domain.js';
import type { Logger } from '../logger.js';
import type { FeedbackStore } from '../store/feedbackStore.js';
import { hashUserId } from '../store/userHash.js';
import { summarizeAnswer } from './asked.js';
import { ConversationMemoryStore } from './conversation.js';
import type { Guide } from './guide.js';
import { guideAnswer, isFeedbackValue, renderAnswer, type FeedbackValue } from './render.js';
import type { BotTexts } from './texts.js';

/** Channels put a request-scoped logger here so bot logs carry the request id. */
export const TURN_LOGGER = Symbol('turnLogger');

/**
 * A channel that can show the model's words as they come (the widget over SSE) puts a sink here;
 * the bot then answers through service.stream and feeds it the provisional tokens. The final Answer
 * still goes out as the one message activity, as on every channel.
 */
export const TOKEN_SINK = Symbol('tokenSink');
export type TokenSink = (text: string) => void;

/**
 * A channel that has just made up the conversation's id (the widget's first question, sent without one)
 * puts true here: nothing can be stored under an id that did not exist, so the turn starts from empty
 * state instead of reading it.
 */
export const NEW_CONVERSATION = Symbol('newConversation');

export type Command = 'help' | 'about';

const COMMANDS: Record<string, Command> = {
  帮助: 'help',
  help: 'help',
  使用帮助: 'help',
  怎么用: 'help',
  菜单: 'help',
  关于: 'about',
  about: 'about',
};

/** Longer than any command with a little punctuation: a question, not worth the clean-up below. */
const COMMAND_MAX_CHARS = 12;

/** "帮助", "/help", "关于。" → the command; anything else is a question. */
export function parseCommand(text: string): Command | undefined {
  if (text.length > COMMAND_MAX_CHARS) return undefined;
  const key = text
    .trim()
    .replace(/^[/／]/, '')
    .replace(/[\s。.!！?？]+$/u, '')
    .toLowerCase();
  return COMMANDS[key];
}

export interface LegalBotDeps {
  service: AnswerService;
  conversationState: ConversationState;
  feedback: FeedbackStore;
  guide: Guide;
  texts: BotTexts;
  hashSalt: string;
  logger: Logger;
}

export class LegalBot extends ActivityHandler {
  private readonly memory: ConversationMemoryStore;

  constructor(private readonly deps: LegalBotDeps) {
    super();
    this.memory = new ConversationMemoryStore(deps.conversationState);

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const people = (context.activity.membersAdded ?? []).filter((m) => m.id !== botId);
      if (people.length > 0) await this.sendWelcome(context);
      await next();
    });
  }

  /**
   * The turn's way in, as native async functions. botbuilder's ActivityHandler ships ES2015 (generators
   * behind TypeScript's __awaiter): under load each turn's generator objects kept that turn's whole object
   * graph alive through V8's young-generation collections (see ReplyAdapter.runMiddleware). And its
   * registered-handler chains (the Turn, Message and Dialog events) have nothing to run for this bot but its
   * one handler. So messages go straight to handleMessage; other activity types (members added, …) take
   * botbuilder's own way. run() checks what ActivityHandlerBase.run checks.
   */
  override async run(context: TurnContext): Promise<void> {
    if (!context) throw new Error('Missing TurnContext parameter');
    if (!context.activity) throw new Error('TurnContext does not include an activity');
    if (!context.activity.type) throw new Error('Activity is missing its type');
    await this.onTurnActivity(context);
  }

  protected override async onTurnActivity(context: TurnContext): Promise<void> {
    if (context.activity.type === ActivityTypes.Message) await this.onMessageActivity(context);
    else await super.onTurnActivity(context);
  }

  protected override async onMessageActivity(context: TurnContext): Promise<void> {
    await this.handleMessage(context);
  }

  private log(context: TurnContext): Logger {
    return (context.turnState.get(TURN_LOGGER) as Logger | undefined) ?? this.deps.logger;
  }

  async sendWelcome(context: TurnContext): Promise<void> {
    const welcome = this.deps.guide.welcome();
    await send(
      context,
      renderAnswer(guideAnswer(welcome.text, welcome.suggestions), context.activity.channelId, { answerId: randomUUID(), feedback: false }),
    );
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (context.turnState.get(NEW_CONVERSATION) === true) await this.memory.startNew(context);
    if (isFeedbackValue(activity.value)) {
      await this.handleFeedback(context, activity.value);
      return;
    }
    // In Teams channels the text starts with "<at>Bot</at>"; the question is what follows.
    const text = (TurnContext.removeRecipientMention(activity) ?? activity.text ?? '').trim();
    const command = text === '' ? 'help' : parseCommand(text);
    if (command) {
      const reply = command === 'help' ? this.deps.guide.help() : this.deps.guide.about();
      await send(context, renderAnswer(guideAnswer(reply.text, reply.suggestions), activity.channelId, { answerId: randomUUID(), feedback: false }));
      return;
    }
    await this.answerQuestion(context, text);
  }

  private async answerQuestion(context: TurnContext, question: string): Promise<void> {
    const { channelId } = context.activity;
    const started = performance.now();
    const history = await this.memory.history(context);
    // No maxChars: the WeChat channel pages long answers itself ("更多"), the others have room.
    const answerContext: AnswerContext = { history };
    const sink = context.turnState.get(TOKEN_SINK) as TokenSink | undefined;
    const answer = sink ? await this.streamAnswer(question, answerContext, sink) : await this.deps.service.answer(question, answerContext);
    const answerId = randomUUID();
    // The core resolved a follow-up once and says what it became; the next follow-up builds on that.
    await this.memory.remember(context, question, answer, answerId, answer.resolved);
    // Every question, answered or not (the staff console's overview); masked by the store's wrapper.
    this.deps.feedback.recordQuestion({ answerId, question, channel: channelId, userHash: this.userHash(context), answered: answer.answered, ...summarizeAnswer(answer) });
    this.log(context).info(
      { answerId, channel: channelId, answered: answer.answered, citations: answer.citations.length, ms: Math.round(performance.now() - started) },
      'answered',
    );
    await send(context, renderAnswer(answer, channelId, { answerId, feedback: true }));
  }

  private async streamAnswer(question: string, answerContext: AnswerContext, sink: TokenSink): Promise<Answer> {
    let final: Answer | undefined;
    for await (const event of this.deps.service.stream(question, answerContext)) {
      if (event.type === 'token') sink(event.text);
      else final = event.answer;
    }
    if (!final) throw new Error('the answer stream ended without an answer');
    return final;
  }

  private async handleFeedback(context: TurnContext, value: FeedbackValue): Promise<void> {
    const turn = await this.memory.find(context, value.answerId);
    this.deps.feedback.recordFeedback({
      answerId: value.answerId,
      rating: value.feedback,
      question: turn?.question ?? null,
      answerText: turn?.answer?.answer ?? null,
      answered: turn?.answer ? turn.answer.answered : null,
      cited: turn?.answer ? summarizeAnswer(turn.answer).cited : null,
      channel: context.activity.channelId,
      userHash: this.userHash(context),
    });
    this.log(context).info({ answerId: value.answerId, rating: value.feedback, known: turn !== undefined }, 'feedback');
    await send(context, { type: 'message', text: value.feedback === 'up' ? this.deps.texts.feedbackUp : this.deps.texts.feedbackDown });
  }

  private userHash(context: TurnContext): string | null {
    return hashUserId(this.deps.hashSalt, context.activity.from?.id);
  }
}

/**
 * TurnContext.sendActivity is one of botbuilder's generator-based functions (see LegalBot.run); it only
 * wraps sendActivities, which is called here directly.
 */
async function send(context: TurnContext, activity: Partial<Activity>): Promise<void> {
  await context.sendActivities([activity]);
}
