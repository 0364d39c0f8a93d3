// Index safety: POST /admin/reindex rebuilds while serving and swaps at once; a rebuild killed with -9 mid-build
// leaves the previous index serving and loading; a corrupt index on start is rebuilt with a clear log line.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerService } from '../../src/answer/index.js';
import type { AnswerService } from '../../src/answer/service.js';
import type { Config } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { tokenMatches } from '../../src/server/admin.js';
import { knowledgeDir, lawsDir } from '../helpers/paths.js';
import { appConfig, capturingLogger, postJson, startApp, type RunningApp } from '../server/harness.js';
import { startIngest } from './processes.js';

const TOKEN = 'admin-token-for-tests-0123456789';
let config: Config;
let service: AnswerService;
let running: RunningApp;

const indexRoot = () => path.join(config.dataDir, 'index');
const current = () => fs.readFileSync(path.join(indexRoot(), 'CURRENT'), 'utf8').trim();

beforeAll(async () => {
  // No rate limit: the reindex test asks questions without pause for as long as the rebuild takes, and on a busy
  // machine that passed the default burst (60), so a 429 failed it (and left its rebuild running into the next test).
  config = appConfig({ ADMIN_TOKEN: TOKEN, STATE_STORE: 'memory', RATE_LIMIT_PER_MIN: '0' });
  service = await createAnswerService(config, silentLogger);
  running = await startApp(config, service);
});

afterAll(async () => {
  await running?.close();
});

const reindex = (headers: Record<string, string>, query = '') => fetch(`${running.baseUrl}/admin/reindex${query}`, { method: 'POST', headers });

describe('POST /admin/reindex', () => {
  it('accepts only "Bearer <ADMIN_TOKEN>"', () => {
    expect(tokenMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(tokenMatches(`bearer ${TOKEN}  `, TOKEN)).toBe(true);
    for (const header of [undefined, '', TOKEN, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`]) expect(tokenMatches(header, TOKEN)).toBe(false);
    expect(tokenMatches('Bearer ', '')).toBe(false);
  });

  it('refuses without the token (401, WWW-Authenticate) and with a wrong one', async () => {
    const none = await reindex({});
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect((await reindex({ authorization: 'Bearer wrong' })).status).toBe(401);
  });

  it('does not exist when ADMIN_TOKEN is empty', async () => {
    const off = await startApp(appConfig({ STATE_STORE: 'memory' }), service);
    try {
      const res = await fetch(`${off.baseUrl}/admin/reindex`, { method: 'POST', headers: { authorization: 'Bearer ' } });
      expect(res.status).toBe(404);
    } finally {
      await off.close();
    }
  });

  it('rebuilds while questions keep being answered, then serves the new index', async () => {
    const before = service.stats().indexBuiltAt;
    const buildBefore = current();
    const rebuilt = reindex({ authorization: `Bearer ${TOKEN}` }, '?force=1');
    // Questions during the rebuild: all answered, from whichever index is in place at the time.
    const during: number[] = [];
    let done = false;
    void rebuilt.finally(() => (done = true));
    while (!done) {
      const res = await postJson(`${running.baseUrl}/api/chat`, { text: '党工委会议开了几次？' });
      const body = (await res.json()) as { answered: boolean };
      during.push(res.status);
      expect(body.answered).toBe(true);
      expect((await fetch(`${running.baseUrl}/readyz`)).status).toBe(200);
    }
    const res = await rebuilt;
    expect(res.status).toBe(200);
    const stats = (await res.json()) as { chunks: number; indexBuiltAt: string };
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((s) => s === 200)).toBe(true);
    expect(stats.indexBuiltAt).not.toBe(before);
    expect(service.stats().indexBuiltAt).toBe(stats.indexBuiltAt);
    expect(current()).not.toBe(buildBefore);
    const health = (await (await fetch(`${running.baseUrl}/healthz`)).json()) as { indexBuiltAt: string };
    expect(health.indexBuiltAt).toBe(stats.indexBuiltAt);
  });
});

describe('a rebuild killed with -9 mid-build', () => {
  it('leaves the previous index in place, serving now and loading on the next start', async () => {
    const buildBefore = current();
    const builtAtBefore = service.stats().indexBuiltAt;
    const ingest = startIngest({ KNOWLEDGE_DIR: knowledgeDir, LAWS_DIR: lawsDir, DATA_DIR: config.dataDir }, ['--force']);
    // Kill as soon as the new build's folder exists: it is being written.
    let sawBuild = false;
    while (ingest.child.exitCode === null) {
      if (fs.readdirSync(indexRoot()).some((e) => e.endsWith('.tmp') && e.startsWith('build-'))) {
        sawBuild = true;
        ingest.child.kill('SIGKILL');
        break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    const result = await ingest.done;
    expect(sawBuild).toBe(true);
    expect(result.signal).toBe('SIGKILL');
    expect(current()).toBe(buildBefore);
    expect(result.stderr).not.toContain('index built');

    // Still serving.
    const res = await postJson(`${running.baseUrl}/api/chat`, { text: '党工委会议开了几次？' });
    expect(res.status).toBe(200);

    // And a restart loads the previous build rather than rebuilding.
    const { logger, lines } = await capturingLogger();
    const restarted = await createAnswerService(config, logger);
    expect(restarted.stats().indexBuiltAt).toBe(builtAtBefore);
    expect(lines.map((l) => l.msg)).not.toContain('index built');
    expect((await restarted.answer('党工委会议开了几次？')).answered).toBe(true);
  }, 120_000);
});

describe('a corrupt index on start', () => {
  it('is rebuilt, saying so in the log', async () => {
    const dir = path.join(indexRoot(), current());
    fs.writeFileSync(path.join(dir, 'chunks.json'), '[{"id": "truncated');
    const { logger, lines } = await capturingLogger();
    const rebuilt = await createAnswerService(config, logger);
    const warning = lines.find((l) => l.msg === 'index is unreadable or corrupt: rebuilding');
    expect(warning).toBeDefined();
    expect(warning?.level).toBe(40);
    expect(lines.map((l) => l.msg)).toContain('index built');
    expect(current()).not.toBe(path.basename(dir));
    expect((await rebuilt.answer('党工委会议开了几次？')).answered).toBe(true);
  }, 120_000);
});

describe('WATCH_KNOWLEDGE', () => {
  it('rebuilds and swaps in the index when a knowledge file changes', async () => {
    // A private copy of knowledge/ to edit (the repo's own data, not the regulation texts).
    const dir = fs.mkdtempSync(path.join(path.dirname(config.dataDir), 'qd-watch-'));
    fs.cpSync(knowledgeDir, dir, { recursive: true });
    const watchConfig = appConfig({ KNOWLEDGE_DIR: dir, LAWS_DIR: '', WATCH_KNOWLEDGE: 'true', STATE_STORE: 'memory' });
    const { logger, lines } = await capturingLogger();
    const watchService = await createAnswerService(watchConfig, logger);
    const app = await startApp(watchConfig, watchService, { logger });
    try {
      const before = watchService.stats().indexBuiltAt;
      const report = fs.readdirSync(path.join(dir, 'reports')).find((f) => f.endsWith('.txt'))!;
      fs.appendFileSync(path.join(dir, 'reports', report), '\n');
      await expect.poll(() => watchService.stats().indexBuiltAt, { timeout: 30_000, interval: 200 }).not.toBe(before);
      expect(lines.map((l) => l.msg)).toContain('knowledge changed: index rebuilt');
      const res = await postJson(`${app.baseUrl}/api/chat`, { text: '党工委会议开了几次？' });
      expect(res.status).toBe(200);
    } finally {
      await app.close();
    }
  }, 60_000);
});
