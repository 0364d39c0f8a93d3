// Ordinary Bot Framework delivery (no expectReplies), as the Emulator uses it: /api/messages acknowledges
// at once and the bot's reply is posted to the conversation's serviceUrl — here a fake channel service
// on loopback that records what it receives.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerChannelData } from '../../src/bot/render.js';
import { appConfig, emulatorMessage, postJson, realService, startApp, type RunningApp } from './harness.js';

interface Posted {
  path: string;
  activity: { type: string; text?: string; replyToId?: string; channelData?: AnswerChannelData };
}

let channel: http.Server;
let serviceUrl: string;
const posted: Posted[] = [];
let running: RunningApp;

beforeAll(async () => {
  channel = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      posted.push({ path: req.url ?? '', activity: JSON.parse(body) as Posted['activity'] });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `reply-${posted.length}` }));
    });
  });
  await new Promise<void>((resolve) => channel.listen(0, '127.0.0.1', resolve));
  serviceUrl = `http://127.0.0.1:${(channel.address() as AddressInfo).port}/`;
  const config = appConfig();
  running = await startApp(config, await realService(config));
});

afterAll(async () => {
  await running?.close();
  await new Promise((resolve) => channel?.close(resolve));
});

describe('/api/messages without expectReplies', () => {
  it('acknowledges and posts the one answer to the serviceUrl, as a reply to the question', async () => {
    const question = emulatorMessage('党工委会议开了几次？', 'emu-connector', { id: 'question-1', serviceUrl });
    const res = await postJson(`${running.baseUrl}/api/messages`, question);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(posted).toHaveLength(1);
    const [reply] = posted;
    expect(reply?.path).toBe('/v3/conversations/emu-connector/activities/question-1');
    expect(reply?.activity.replyToId).toBe('question-1');
    expect(reply?.activity.channelData?.answer.answered).toBe(true);
    expect(reply?.activity.text?.replace(/\s+/g, '')).toContain('15次');
  });
});
