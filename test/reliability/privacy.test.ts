// Privacy on the real server: the numbers people type (mobile, 18-digit IDs ending in X, bank cards) never
// reach the logs, the feedback tables or the stored conversation state; user ids are stored only salted and
// hashed; secrets from the configuration never appear in a log line.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { MASKS } from '../../src/mask.js';
import { appConfig, postJson, realService, startApp, type RunningApp } from '../server/harness.js';
import { BANK_CARD, ID_X, MOBILE } from './pii.js';

const SECRETS = { HASH_SALT: 'salt-sentinel-5b1e', ADMIN_TOKEN: 'admin-sentinel-93ac', MicrosoftAppPassword: 'bf-password-sentinel-77d0', LLM_API_KEY: 'sk-sentinel-llm-4410' };
const USER_ID = 'resident-phone-13700001111';
const EMAIL = 'li.si@example.com';
const OPENID = 'oWxSentinelOpenId123';

const questions = [
  `我的身份证号是${ID_X}，能帮我查一下我的处罚记录吗？`,
  `我手机${MOBILE}，银行卡${BANK_CARD}被冻结了怎么办`,
  `身份证${ID_X.toLowerCase()}丢了，手机 ${MOBILE.slice(0, 3)} ${MOBILE.slice(3, 7)} ${MOBILE.slice(7)} 联系我，邮箱${EMAIL}`,
  `党工委会议开了几次？我电话${MOBILE}`,
];
const RAW = [ID_X, ID_X.toLowerCase(), MOBILE, MOBILE.slice(3), BANK_CARD, EMAIL, USER_ID, OPENID, ...Object.values(SECRETS)];

let config: Config;
let running: RunningApp;
const logLines: string[] = [];

beforeAll(async () => {
  config = appConfig({ ...SECRETS, LOG_LEVEL: 'trace' });
  const logger = createLogger('trace', { write: (line: string) => void logLines.push(line) });
  running = await startApp(config, await realService(config), { logger });

  for (const text of questions) {
    const res = await postJson(`${running.baseUrl}/api/chat`, { text, conversationId: 'privacy-1', userId: USER_ID });
    expect(res.status).toBe(200);
    const { answerId } = (await res.json()) as { answerId: string };
    const rated = await postJson(`${running.baseUrl}/api/feedback`, { rating: 'down', answerId, conversationId: 'privacy-1', userId: USER_ID });
    expect(rated.status).toBe(204);
  }
  // WeChat puts the follower's openid in the query string; the request log must not keep it.
  await fetch(`${running.baseUrl}/api/wechat?signature=x&timestamp=1&nonce=2&openid=${OPENID}`, { method: 'POST', body: '<xml></xml>' });
  await postJson(`${running.baseUrl}/admin/reindex`, {}, { authorization: `Bearer ${SECRETS.ADMIN_TOKEN}x` });
  await running.close();
});

afterAll(async () => {
  await running?.close();
});

/** Every file the server wrote under DATA_DIR except the index (built from public texts). */
function storedBytes(): string {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'index') walk(full);
      } else out.push(fs.readFileSync(full).toString('utf8'));
    }
  };
  walk(config.dataDir);
  return out.join('\n');
}

describe('stored data', () => {
  it('holds the questions, masked', () => {
    const stored = storedBytes();
    expect(stored).toContain(MASKS.idCard);
    expect(stored).toContain(MASKS.mobile);
    expect(stored).toContain(MASKS.bankCard);
    expect(stored).toContain('处罚记录');
  });

  it.each(RAW)('never holds %s', (raw) => {
    expect(storedBytes()).not.toContain(raw);
  });
});

describe('logs', () => {
  it('were written at trace level, with request lines', () => {
    expect(logLines.length).toBeGreaterThan(10);
    expect(logLines.some((l) => l.includes('/api/wechat?') && l.includes('openid='))).toBe(true);
  });

  it.each(RAW)('never hold %s', (raw) => {
    expect(logLines.join('\n')).not.toContain(raw);
  });
});
