// The last net under every turn: log the cause for staff, tell the person a fixed polite sentence.
import type { TurnContext } from 'botbuilder';
import type { Logger } from '../logger.js';
import { TURN_LOGGER } from './legalBot.js';

export function createTurnErrorHandler(logger: Logger, apology: string): (context: TurnContext, error: Error) => Promise<void> {
  return async (context, error) => {
    const log = (context.turnState.get(TURN_LOGGER) as Logger | undefined) ?? logger;
    log.error({ err: error, channel: context.activity.channelId, activityType: context.activity.type }, 'bot turn failed');
    try {
      await context.sendActivity({ type: 'message', text: apology, channelData: { error: true } });
    } catch (sendError) {
      // The channel itself may be what failed; nothing more to tell the person then.
      log.warn({ err: sendError }, 'could not send the apology');
    }
  };
}
