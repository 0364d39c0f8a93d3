// Teams, Azure Bot Service Web Chat and the Bot Framework Emulator: POST /api/messages through CloudAdapter.
// MicrosoftAppId empty → no authentication (local use); set → the SDK validates the caller's token.
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { TURN_LOGGER, type LegalBot } from '../bot/legalBot.js';
import { badRequest, HttpError, isRecord, readJsonBody, route } from '../http/json.js';
import { requestLogger } from '../http/requestLog.js';

/** Teams activities (entities, attachments) run larger than the widget's questions. */
export const MESSAGES_BODY_LIMIT = 256 * 1024;

/**
 * CloudAdapter with a public entry that takes an already-parsed activity, so our route owns the HTTP
 * side: bounded body, JSON errors, and no SDK error text or console stack in the response.
 */
export class BotFrameworkChannelAdapter extends CloudAdapter {
  handle(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

export function isLocalMode(config: Config): boolean {
  return config.MicrosoftAppId.trim() === '';
}

export function createBotFrameworkAdapter(config: Config): BotFrameworkChannelAdapter {
  const credentials = {
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
  };
  const auth = new ConfigurationBotFrameworkAuthentication(credentials, new ConfigurationServiceClientCredentialFactory(credentials));
  return new BotFrameworkChannelAdapter(auth);
}

/** As the SDK's own route does: the activity needs a type; timestamps arrive as strings. */
function toActivity(body: unknown): Activity {
  if (!isRecord(body) || typeof body.type !== 'string' || body.type === '') {
    throw badRequest('invalid_activity', '请求内容须为带 type 的 Bot Framework activity。');
  }
  const activity = body as unknown as Activity & Record<string, unknown>;
  for (const field of ['timestamp', 'localTimestamp', 'expiration'] as const) {
    const value = body[field];
    if (typeof value === 'string') {
      activity[`raw${field[0]?.toUpperCase()}${field.slice(1)}`] = value;
      (activity as Record<string, unknown>)[field] = new Date(value);
    }
  }
  return activity;
}

function isUnauthorized(error: unknown): boolean {
  return error instanceof Error && (error as Error & { statusCode?: number }).statusCode === 401;
}

export interface BotFrameworkChannelDeps {
  adapter: BotFrameworkChannelAdapter;
  bot: LegalBot;
  logger: Logger;
}

export function registerBotFrameworkRoutes(server: Server, { adapter, bot, logger }: BotFrameworkChannelDeps): void {
  server.post(
    '/api/messages',
    route(logger, async (req: Request, res: Response) => {
      const activity = toActivity(await readJsonBody(req, MESSAGES_BODY_LIMIT));
      const authHeader = req.headers.authorization ?? '';
      const log = requestLogger(req, logger);
      let result: InvokeResponse | undefined;
      try {
        result = await adapter.handle(authHeader, activity, async (context) => {
          context.turnState.set(TURN_LOGGER, log);
          await bot.run(context);
        });
      } catch (error) {
        if (isUnauthorized(error)) {
          log.info({ channel: activity.channelId }, 'unauthenticated Bot Framework request');
          throw new HttpError(401, 'unauthorized', '未授权的请求。');
        }
        throw error;
      }
      // expectReplies and invokes carry a body (the replies); ordinary posts are acknowledged empty.
      if (result?.body !== undefined) res.send(result.status, result.body);
      else res.send(result?.status ?? 200);
    }),
  );
}
