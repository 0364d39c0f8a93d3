// The real app for tests: real answer service (built once per test file), real restify on port 0.
// Regulations come from ../shared beside the repo (never copied into it).
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAnswerService } from '../../src/answer/index.js';
import type { AnswerService } from '../../src/answer/service.js';
import { loadConfig, type Config } from '../../src/config.js';
import { silentLogger, type Logger } from '../../src/logger.js';
import { createApp, type App, type AppOptions } from '../../src/server/app.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const lawsDir = path.resolve(repoRoot, '../shared/knowledge-sources/regulations');
export const devQuestionsFile = path.resolve(repoRoot, '../shared/eval/dev-questions.jsonl');

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'qd-bot-test-'));
}

export function appConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({}, { KNOWLEDGE_DIR: path.join(repoRoot, 'knowledge'), LAWS_DIR: lawsDir, DATA_DIR: tempDataDir(), LOG_LEVEL: 'silent', ...overrides });
}

export function realService(config: Config): Promise<AnswerService> {
  return createAnswerService(config, silentLogger);
}

export interface RunningApp {
  app: App;
  baseUrl: string;
  close(): Promise<void>;
}

export async function startApp(config: Config, service: AnswerService, options: AppOptions = {}): Promise<RunningApp> {
  const app = await createApp(config, { logger: silentLogger, service, ...options });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const { port } = app.server.address() as AddressInfo;
  return { app, baseUrl: `http://127.0.0.1:${port}`, close: () => app.close(2_000) };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** A pino logger that keeps its lines, for asserting what was (not) logged. */
export async function capturingLogger(): Promise<{ logger: Logger; lines: Array<Record<string, unknown>> }> {
  const { pino } = await import('pino');
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'info' }, {
    write: (line: string) => {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  });
  return { logger, lines };
}

/** A message activity as the Emulator posts it. */
export function emulatorMessage(text: string, conversationId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    id: `m-${Math.random().toString(36).slice(2)}`,
    channelId: 'emulator',
    serviceUrl: 'http://127.0.0.1:9',
    timestamp: new Date().toISOString(),
    conversation: { id: conversationId },
    from: { id: 'user-1', name: 'User' },
    recipient: { id: 'bot-1', name: 'Bot' },
    text,
    ...extra,
  };
}
