// The composition root: config → answer service → bot → channels → one restify server. It does not
// listen; index.ts does (and tests, on port 0).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Storage } from 'botbuilder';
import type { Server, ServerOptions } from 'restify';
import { createAnswerService } from '../answer/index.js';
import type { AnswerService } from '../answer/service.js';
import { cachingAnswers } from '../bot/answerCache.js';
import { TurnEndConversationState } from '../bot/conversation.js';
import { Guide } from '../bot/guide.js';
import { LegalBot } from '../bot/legalBot.js';
import { ReplyAdapter } from '../bot/replyAdapter.js';
import { loadBotTexts } from '../bot/texts.js';
import { createTurnErrorHandler } from '../bot/turnError.js';
import { createBotFrameworkAdapter, isLocalMode, registerBotFrameworkRoutes, type BotFrameworkChannelAdapter } from '../channels/botframework.js';
import { registerWebRoutes } from '../channels/web.js';
import { registerWeChatRoutes } from '../channels/wechat/routes.js';
import type { Config } from '../config.js';
import { registerRequestLog } from '../http/requestLog.js';
import { createLogger, type Logger } from '../logger.js';
import { maskingFeedbackStore } from '../privacy/feedback.js';
import { maskingStorage } from '../privacy/state.js';
import { BoundedMemoryStorage } from '../store/boundedMemoryStorage.js';
import { checkpointInBackground } from '../store/checkpointer.js';
import { createConsoleStore } from '../store/consoleStore.js';
import { createFeedbackStore, type FeedbackStore } from '../store/feedbackStore.js';
import { feedbackDatabasePath, openDatabase } from '../store/sqlite.js';
import { createStateStore } from '../store/state/index.js';
import { registerAdminRoutes, watchKnowledge, type KnowledgeWatcher } from './admin.js';
import { registerConsole } from './console/index.js';
import { createCorsPolicy, registerCors } from './cors.js';
import { registerErrorFormat } from './errors.js';
import { registerHealthRoute } from './health.js';
import { registerLimits } from './limits.js';
import { countingAnswers, createMetrics, registerMetrics, type Metrics } from './metrics.js';
import { registerReadinessRoute, type Readiness } from './readiness.js';
import { IndexRebuilds } from './rebuilds.js';
import restify from './restify.js';
import { registerReportRoutes } from './routes/reports.js';
import { registerStaticRoutes } from './staticFiles.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface AppOptions {
  logger?: Logger;
  /** An answer service already built (the bench and tests share one); default: createAnswerService(config). */
  service?: AnswerService;
  /** Conversation state storage; default per STATE_STORE (memory is bounded: least recently used forgotten). */
  storage?: Storage;
  /** Folder of widget.js, demo.html and the console (admin/); default the repo's web/. */
  webDir?: string;
  /** Folder of the bot's fixed texts; default the repo's prompts/. */
  promptsDir?: string;
}

export interface App {
  server: Server;
  service: AnswerService;
  bot: LegalBot;
  feedback: FeedbackStore;
  metrics: Metrics;
  readiness: Readiness;
  adapters: { botFramework: BotFrameworkChannelAdapter; reply: ReplyAdapter };
  logger: Logger;
  /** Turns /readyz to 503, stops taking requests, lets those in flight finish (up to drainMs), then releases stores. */
  close(drainMs?: number): Promise<void>;
}

export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const core = options.service ?? (await createAnswerService(config, logger));
  const metrics = createMetrics();
  // Every channel answers through the bot, so counting here counts every answer once (cached ones too).
  const service = countingAnswers(cachingAnswers(core, config.ANSWER_CACHE_SIZE), metrics);
  const texts = loadBotTexts(options.promptsDir);
  const db = openDatabase(feedbackDatabasePath(config.dataDir));
  // Every question is logged: the WAL checkpoints (copy and fsync) run on a worker, not inside a batch's commit.
  const feedbackCheckpoints = checkpointInBackground(db, {
    onError: (error, fellBack) =>
      logger.warn({ err: error }, fellBack ? 'question log: checkpoint worker failed; SQLite checkpoints on the main thread again' : 'question log: emptying the WAL failed; will retry'),
  });
  const feedbackDb = createFeedbackStore(db, { onWriteError: (err) => logger.error({ err }, 'question log: a batch could not be written') });
  // No phone or ID number a person typed reaches the feedback tables.
  const feedback = maskingFeedbackStore(feedbackDb);
  const state = options.storage
    ? { storage: options.storage, kind: 'given', close: async () => undefined }
    : await createStateStore(config, logger, () => new BoundedMemoryStorage());
  // Remembered questions and answers are kept for days: personal numbers in them are masked too.
  const conversationState = new TurnEndConversationState(maskingStorage(state.storage));
  const guide = new Guide(texts, () => service.stats());
  const bot = new LegalBot({ service, conversationState, feedback, guide, texts, hashSalt: config.HASH_SALT, logger });

  const onTurnError = createTurnErrorHandler(logger, texts.error);
  const botFramework = createBotFrameworkAdapter(config);
  botFramework.onTurnError = onTurnError;
  const reply = new ReplyAdapter();
  reply.onTurnError = onTurnError;

  // restify 11 logs with pino; its typings (v8) still describe bunyan, hence the cast.
  const restifyLog = logger.child({ component: 'restify' }) as unknown as ServerOptions['log'];
  const server = restify.createServer({ name: 'qidong-legal-bot', log: restifyLog, handleUncaughtExceptions: false });
  // Order matters: ids first (every later log line carries one), metrics before anything may refuse.
  registerRequestLog(server, logger);
  registerMetrics(server, metrics);
  registerCors(server, createCorsPolicy(config.ALLOWED_ORIGINS));
  registerLimits(server, config, { logger, onRateLimited: (route) => metrics.rateLimited.inc({ route }) });
  registerErrorFormat(server);

  registerHealthRoute(server, service);
  const readiness = registerReadinessRoute(server, service);
  registerBotFrameworkRoutes(server, { adapter: botFramework, bot, logger });
  registerWebRoutes(server, { bot, adapter: reply, guide, logger });
  // Same bot instance; with WECHAT_TOKEN empty the channel answers 404.
  registerWeChatRoutes(server, { bot, config, logger });
  registerReportRoutes(server, service);
  const rebuilds = new IndexRebuilds(core, logger);
  registerAdminRoutes(server, { rebuilds, adminToken: config.ADMIN_TOKEN, logger });
  const webDir = options.webDir ?? path.join(repoRoot, 'web');
  registerConsole(server, {
    adminToken: config.ADMIN_TOKEN,
    hashSalt: config.HASH_SALT,
    trustProxy: config.TRUST_PROXY,
    knowledgeDir: config.knowledgeDir,
    core,
    store: createConsoleStore(db, () => feedbackDb.flush()),
    rebuilds,
    webDir,
    logger,
  });
  registerStaticRoutes(server, webDir, logger);
  const watcher: KnowledgeWatcher | undefined = config.WATCH_KNOWLEDGE
    ? watchKnowledge([config.knowledgeDir, ...(config.lawsDir ? [config.lawsDir] : [])], rebuilds, logger)
    : undefined;

  if (isLocalMode(config)) {
    logger.info('Bot Framework: MicrosoftAppId is empty — local mode, /api/messages accepts requests WITHOUT authentication');
  } else {
    logger.info({ appId: config.MicrosoftAppId, appType: config.MicrosoftAppType }, 'Bot Framework: tokens are validated on /api/messages');
  }
  const stats = service.stats();
  logger.info(
    { documents: stats.documents, chunks: stats.chunks, reportYears: stats.reportYears, regulations: stats.regulations.length, stateStore: state.kind },
    'ready to answer',
  );

  let closing: Promise<void> | undefined;
  const close = (drainMs = 10_000): Promise<void> => {
    closing ??= (async () => {
      readiness.markDraining();
      watcher?.close();
      try {
        await drain(server, drainMs);
      } finally {
        await state.close();
        feedbackDb.flush();
        await feedbackCheckpoints.stop();
        feedbackDb.close();
      }
    })();
    return closing;
  };

  return { server, service, bot, feedback, metrics, readiness, adapters: { botFramework, reply }, logger, close };
}

/**
 * Closes the listener and ends keep-alive sockets as soon as they fall idle (a response in flight
 * finishes first); whatever outlives the drain time is cut.
 */
function drain(server: Server, drainMs: number): Promise<void> {
  const http = server.server;
  if (!http.listening) return Promise.resolve();
  return new Promise((resolve) => {
    const deadline = setTimeout(() => http.closeAllConnections(), drainMs);
    // A socket busy now is idle after its response; close() alone would wait for the client to hang up.
    const sweep = setInterval(() => http.closeIdleConnections(), 50);
    http.close(() => {
      clearTimeout(deadline);
      clearInterval(sweep);
      resolve();
    });
    http.closeIdleConnections();
  });
}
