// What a WeChat callback carries, after decryption: the fields the bot needs, all as strings.
import { WeChatXmlError } from './xml.js';

export interface WeChatMessage {
  /** The account's original id (gh_…): the reply's FromUserName. */
  toUserName: string;
  /** The user's OpenID. */
  fromUserName: string;
  /** Seconds since the epoch, as sent. */
  createTime: string;
  /** text, voice, image, video, shortvideo, location, link, file, event, … */
  msgType: string;
  /** 64-bit: kept as a string. Absent on events. */
  msgId?: string;
  content?: string;
  /** Speech recognition of a voice message, when the account has it enabled. */
  recognition?: string;
  /** subscribe, unsubscribe, CLICK, VIEW, … */
  event?: string;
  eventKey?: string;
}

export function toWeChatMessage(fields: Record<string, string>): WeChatMessage {
  const { ToUserName, FromUserName, CreateTime, MsgType } = fields;
  if (!ToUserName || !FromUserName || !CreateTime || !MsgType) {
    throw new WeChatXmlError('ToUserName, FromUserName, CreateTime and MsgType are required');
  }
  return {
    toUserName: ToUserName,
    fromUserName: FromUserName,
    createTime: CreateTime,
    msgType: MsgType,
    msgId: fields.MsgId || undefined,
    content: fields.Content,
    recognition: fields.Recognition,
    event: fields.Event,
    eventKey: fields.EventKey,
  };
}

/**
 * WeChat retries a delivery up to three times: MsgId identifies a message, FromUserName + CreateTime an event.
 * The sender is part of a message's key too, so that a reused MsgId can never hand one user another's reply.
 */
export function deliveryKey(m: WeChatMessage): string {
  return m.msgId ? `msg:${m.fromUserName}:${m.msgId}` : `event:${m.fromUserName}:${m.createTime}`;
}
