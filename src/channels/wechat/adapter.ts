// A botbuilder adapter for WeChat: one inbound message becomes one bot turn; whatever the bot sends during the
// turn is collected (WeChat has no "send later" in a passive reply) and handed back to the caller to render.
import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ActivityHandler,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import { TURN_LOGGER } from '../../bot/legalBot.js';
import type { Logger } from '../../logger.js';
import type { WeChatMessage } from './message.js';

export const WECHAT_CHANNEL_ID = 'wechat';

/** What a WeChat message asks of the bot: a question, or the welcome for a new follower. */
export type BotRequest = { kind: 'message'; text: string } | { kind: 'welcome' };

const OUTBOX = Symbol('wechatOutbox');

export function toActivity(message: WeChatMessage, request: BotRequest): Partial<Activity> {
  const openId = message.fromUserName;
  const user = { id: openId, name: openId, role: 'user' };
  const account = { id: message.toUserName, name: message.toUserName, role: 'bot' };
  const seconds = Number(message.createTime);
  const common: Partial<Activity> = {
    channelId: WECHAT_CHANNEL_ID,
    id: message.msgId ?? `${openId}-${message.createTime}`,
    timestamp: Number.isFinite(seconds) ? new Date(seconds * 1000) : new Date(),
    serviceUrl: 'wechat:',
    from: user,
    recipient: account,
    // A WeChat conversation is one user with the account: the OpenID identifies it.
    conversation: { id: openId, isGroup: false, conversationType: 'personal', name: openId },
    locale: 'zh-CN',
    channelData: { msgType: message.msgType, msgId: message.msgId, event: message.event, eventKey: message.eventKey },
  };
  return request.kind === 'message'
    ? { ...common, type: ActivityTypes.Message, text: request.text, textFormat: 'plain' }
    : { ...common, type: ActivityTypes.ConversationUpdate, membersAdded: [user] };
}

export class WeChatAdapter extends BotAdapter {
  /** Runs one bot turn through the middleware and returns the activities the bot sent. */
  async process(message: WeChatMessage, request: BotRequest, bot: ActivityHandler, logger?: Logger): Promise<Partial<Activity>[]> {
    const context = new TurnContext(this, toActivity(message, request));
    const outbox: Partial<Activity>[] = [];
    context.turnState.set(OUTBOX, outbox);
    // The bot logs through this, so its lines carry the delivery they belong to.
    if (logger) context.turnState.set(TURN_LOGGER, logger);
    await this.runMiddleware(context, (turnContext) => bot.run(turnContext));
    return outbox;
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const outbox = context.turnState.get(OUTBOX) as Partial<Activity>[] | undefined;
    return activities.map((activity, i) => {
      // Typing indicators and delays have no meaning in a single passive reply.
      if (activity.type === ActivityTypes.Message) outbox?.push(activity);
      return { id: activity.id ?? `${context.activity.id ?? 'wechat'}-${outbox?.length ?? 0}-${i}` };
    });
  }

  async updateActivity(): Promise<void> {
    throw new Error('WeChat cannot update a message that was sent');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('WeChat cannot delete a message that was sent');
  }

  async continueConversation(_reference: Partial<ConversationReference>, _logic: (context: TurnContext) => Promise<void>): Promise<void> {
    throw new Error('Proactive messages on WeChat go through the customer-service API, not the adapter');
  }
}
