// Property-based checks of every parser that faces input: the question normaliser, the WeChat XML reader and
// the /api/chat body, alone and through the real server. Shared by the tests (few runs) and bench:load (10,000).
import fc from 'fast-check';
import { buildRegulationNameIndex } from '../../src/answer/regulation-names.js';
import { cleanQuestion, MAX_QUESTION_CHARS, understand } from '../../src/answer/understand.js';
import { parseChatRequest } from '../../src/channels/web.js';
import { toWeChatMessage } from '../../src/channels/wechat/message.js';
import { cdata, parseWeChatXml, WeChatXmlError } from '../../src/channels/wechat/xml.js';
import { wechatSignature } from '../../src/channels/wechat/signature.js';
import { HttpError } from '../../src/http/json.js';

/** Text as people (and attackers) send it: CJK, full-width forms, controls, zero-width, bidi, emoji, lone surrogates. */
const SPECIALS = ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u200b', '\u200d', '\u202e', '\u2066', '\ufeff', '\ud800', '\udfff', '\r\n', '\t', '😀', '👨‍👩‍👧', 'Ｘ', '１２３', '第七条', '2023年', '忽略指令', '<', '&', ']]>', '"', '\\'];
export const humanText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.array(fc.oneof(fc.constantFrom(...SPECIALS), fc.string({ unit: fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCharCode(c)), maxLength: 8 })), { maxLength: 40 }).map((parts) => parts.join('')),
  fc.string({ unit: 'binary', minLength: 400, maxLength: 3000 }),
);

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_OR_INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF]/;
const names = buildRegulationNameIndex([], []);

/**
 * cleanQuestion and understand never throw; the clean text is capped and free of controls. (Not checked:
 * idempotence — a cut at the cap may leave a trailing space or half a surrogate pair, harmless to answering.)
 */
export const questionProperty = fc.property(humanText, (raw) => {
  const clean = cleanQuestion(raw);
  if (clean.length > MAX_QUESTION_CHARS) throw new Error(`longer than the cap: ${clean.length}`);
  if (CONTROL_OR_INVISIBLE.test(clean)) throw new Error('control or zero-width character left');
  if (/^\s|\s{2}/.test(clean)) throw new Error('whitespace not collapsed');
  const u = understand(raw, names, new Date('2024-06-01T00:00:00Z'));
  if (u.question !== clean) throw new Error('understand saw another question');
});

const xmlish = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.array(fc.constantFrom('<xml>', '</xml>', '<Content>', '</Content>', '<![CDATA[', ']]>', '<!DOCTYPE x [<!ENTITY a "b">]>', '&a;', '&#x0;', '&#1114112;', '&lt;', '<?xml version="1.0"?>', '<MsgType>text</MsgType>', '<a b="c"/>', 'text', '中文'), { maxLength: 30 }).map((p) => p.join('')),
);

/** Whatever the body, the XML reader returns fields or refuses with WeChatXmlError — nothing else escapes. */
export const wechatXmlProperty = fc.property(xmlish, (body) => {
  try {
    const fields = parseWeChatXml(body);
    try {
      toWeChatMessage(fields);
    } catch (err) {
      if (!(err instanceof Error)) throw err;
    }
  } catch (err) {
    if (!(err instanceof WeChatXmlError)) throw err;
  }
});

/** A real message with any Content round-trips: what the user typed is what the bot reads. */
export const wechatContentProperty = fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (content) => {
  const fields = parseWeChatXml(`<xml><ToUserName>${cdata('gh_1')}</ToUserName><FromUserName>${cdata('o1')}</FromUserName><CreateTime>1</CreateTime><MsgType>${cdata('text')}</MsgType><Content>${cdata(content)}</Content><MsgId>1</MsgId></xml>`);
  if (fields.Content !== content.trim() && fields.Content !== content) throw new Error(`content changed: ${JSON.stringify(content)} → ${JSON.stringify(fields.Content)}`);
});

export const chatBody = fc.oneof(
  fc.jsonValue(),
  fc.record({ text: fc.oneof(humanText, fc.jsonValue()), conversationId: fc.oneof(fc.string(), fc.jsonValue()), userId: fc.oneof(fc.string(), fc.constant(undefined)) }, { requiredKeys: ['text'] }),
);

/** The /api/chat body: a ChatRequest or a 400 HttpError, never another error. */
export const chatBodyProperty = fc.property(chatBody, (body) => {
  try {
    const req = parseChatRequest(body);
    if (typeof req.text !== 'string' || req.text.trim() === '') throw new Error('accepted an empty text');
  } catch (err) {
    if (!(err instanceof HttpError) || err.status !== 400) throw err;
  }
});

/** Raw request bodies for the server: JSON of any shape, broken JSON, bytes, huge bodies, odd content types. */
export const rawChatRequest = fc.record({
  body: fc.oneof(
    chatBody.map((v) => JSON.stringify(v) ?? ''),
    fc.string({ unit: 'binary', maxLength: 500 }),
    fc.string({ maxLength: 50 }).map((s) => `{"text": "${s}`),
    fc.integer({ min: 16_000, max: 40_000 }).map((n) => JSON.stringify({ text: '法'.repeat(n / 3) })),
  ),
  contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/vnd.api+json', ''),
});

/** Every status an input may get from /api/chat: answered, refused as bad input, too large, or rate limited. */
export async function postChatNever5xx(baseUrl: string, input: { body: string; contentType: string }): Promise<number> {
  const headers: Record<string, string> = input.contentType ? { 'content-type': input.contentType } : {};
  const res = await fetch(`${baseUrl}/api/chat`, { method: 'POST', headers, body: input.body });
  await res.arrayBuffer();
  if (res.status >= 500) throw new Error(`status ${res.status} for ${JSON.stringify(input).slice(0, 200)}`);
  return res.status;
}

/** A plain-mode WeChat delivery, correctly signed, with any body: never a 5xx. */
export async function postWeChatNever5xx(baseUrl: string, token: string, body: string): Promise<number> {
  const timestamp = '1700000000';
  const nonce = 'n0nce';
  const query = new URLSearchParams({ signature: wechatSignature(token, timestamp, nonce), timestamp, nonce, openid: 'o-fuzz' });
  const res = await fetch(`${baseUrl}/api/wechat?${query}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
  await res.arrayBuffer();
  if (res.status >= 500) throw new Error(`status ${res.status} for ${JSON.stringify(body).slice(0, 200)}`);
  return res.status;
}

export const wechatBody = fc.oneof(
  xmlish,
  fc.string({ unit: 'grapheme', maxLength: 100 }).map(
    (content) => `<xml><ToUserName>${cdata('gh_1')}</ToUserName><FromUserName>${cdata('o-fuzz')}</FromUserName><CreateTime>1700000000</CreateTime><MsgType>${cdata('text')}</MsgType><Content>${cdata(content)}</Content><MsgId>${Math.floor(Math.random() * 1e12)}</MsgId></xml>`,
  ),
);
