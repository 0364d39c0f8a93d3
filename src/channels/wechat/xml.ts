// The XML WeChat posts and the XML we answer with. The parser never sees a DTD: bodies that declare one are
// refused before parsing, and entity processing is off, so no entity can expand or reach the file system.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** The body is not a WeChat XML document; the caller answers 400. */
export class WeChatXmlError extends Error {
  override readonly name = 'WeChatXmlError';
}

const CDATA = '__cdata';
const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // MsgId is a 64-bit number: every value stays a string.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  cdataPropName: CDATA,
});

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Only the five predefined entities and character references: what XML allows without a DTD. */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return PREDEFINED[name] ?? whole;
  });
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return decodeEntities(value.trim());
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const node = value as Record<string, unknown>;
    const cdata = node[CDATA];
    // A CDATA section split around "]]>" arrives as several parts.
    const raw = Array.isArray(cdata) ? cdata.join('') : typeof cdata === 'string' ? cdata : undefined;
    const text = typeof node['#text'] === 'string' ? decodeEntities(node['#text'].trim()) : '';
    return raw === undefined ? undefined : text + raw;
  }
  return undefined;
}

/** Parses `<xml>…</xml>` into its top-level text fields. Repeated fields are refused: they make a body ambiguous. */
export function parseWeChatXml(body: string): Record<string, string> {
  if (/<!DOCTYPE|<!ENTITY/i.test(body)) throw new WeChatXmlError('document type declarations are not accepted');
  if (XMLValidator.validate(body) !== true) throw new WeChatXmlError('malformed XML');
  let doc: unknown;
  try {
    doc = parser.parse(body);
  } catch {
    throw new WeChatXmlError('malformed XML');
  }
  const roots = doc && typeof doc === 'object' ? Object.keys(doc) : [];
  const root = roots.length === 1 && roots[0] === 'xml' ? (doc as { xml: unknown }).xml : undefined;
  if (!root || typeof root !== 'object' || Array.isArray(root)) throw new WeChatXmlError('the body must be one <xml> element');
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(root as Record<string, unknown>)) {
    if (name === '#text') continue;
    if (Array.isArray(value)) throw new WeChatXmlError(`repeated element <${name}>`);
    const text = textOf(value);
    if (text !== undefined) fields[name] = text;
  }
  return fields;
}

/** CDATA cannot contain "]]>": end the section inside it and start a new one. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

export interface TextReply {
  /** The user's OpenID. */
  toUser: string;
  /** The account's original id (gh_…). */
  fromAccount: string;
  content: string;
  createTime?: number;
}

export function textReplyXml(reply: TextReply): string {
  const time = reply.createTime ?? Math.floor(Date.now() / 1000);
  return (
    `<xml><ToUserName>${cdata(reply.toUser)}</ToUserName><FromUserName>${cdata(reply.fromAccount)}</FromUserName>` +
    `<CreateTime>${time}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>${cdata(reply.content)}</Content></xml>`
  );
}

export interface EncryptedEnvelope {
  encrypt: string;
  msgSignature: string;
  timestamp: string;
  nonce: string;
}

export function encryptedReplyXml(e: EncryptedEnvelope): string {
  return (
    `<xml><Encrypt>${cdata(e.encrypt)}</Encrypt><MsgSignature>${cdata(e.msgSignature)}</MsgSignature>` +
    `<TimeStamp>${e.timestamp}</TimeStamp><Nonce>${cdata(e.nonce)}</Nonce></xml>`
  );
}
