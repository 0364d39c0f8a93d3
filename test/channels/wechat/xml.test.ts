import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { deliveryKey, toWeChatMessage } from '../../../src/channels/wechat/message.js';
import { cdata, encryptedReplyXml, parseWeChatXml, textReplyXml, WeChatXmlError } from '../../../src/channels/wechat/xml.js';

const text = `<xml>
  <ToUserName><![CDATA[gh_qidong]]></ToUserName>
  <FromUserName><![CDATA[oUser_123]]></FromUserName>
  <CreateTime>1732590000</CreateTime>
  <MsgType><![CDATA[text]]></MsgType>
  <Content><![CDATA[  行政处罚法第七条 <是什么> & ? ]]></Content>
  <MsgId>9223372036854775807</MsgId>
</xml>`;

describe('parseWeChatXml', () => {
  it('reads the fields as strings: a 64-bit MsgId stays exact and CDATA content stays verbatim', () => {
    const fields = parseWeChatXml(text);
    expect(fields.MsgId).toBe('9223372036854775807');
    expect(fields.Content).toBe('  行政处罚法第七条 <是什么> & ? ');
    const m = toWeChatMessage(fields);
    expect(m).toMatchObject({ toUserName: 'gh_qidong', fromUserName: 'oUser_123', msgType: 'text', msgId: '9223372036854775807' });
    expect(deliveryKey(m)).toBe('msg:oUser_123:9223372036854775807');
    expect(deliveryKey({ ...m, fromUserName: 'oOther' })).not.toBe(deliveryKey(m));
  });

  it('keys an event by FromUserName + CreateTime', () => {
    const m = toWeChatMessage(
      parseWeChatXml('<xml><ToUserName>gh</ToUserName><FromUserName>oA</FromUserName><CreateTime>17</CreateTime><MsgType>event</MsgType><Event>subscribe</Event></xml>'),
    );
    expect(deliveryKey(m)).toBe('event:oA:17');
  });

  it('decodes only the predefined entities in plain text', () => {
    expect(parseWeChatXml('<xml><A>a &amp; b &lt;c&gt; &#x4E2D;&#25991; &nbsp;</A></xml>').A).toBe('a & b <c> 中文 &nbsp;');
  });

  it('refuses a DOCTYPE, with or without entities (no XXE, no billion laughs)', () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><Content>&x;</Content></xml>';
    expect(() => parseWeChatXml(xxe)).toThrow(WeChatXmlError);
    expect(() => parseWeChatXml('<!doctype xml><xml/>')).toThrow(/document type/);
  });

  it('refuses malformed XML, a foreign root, several roots and repeated fields', () => {
    for (const bad of ['', 'hello', '<xml><A>1</xml>', '<root><A>1</A></root>', '<xml><A>1</A></xml><xml/>', '<xml><Encrypt>a</Encrypt><Encrypt>b</Encrypt></xml>']) {
      expect(() => parseWeChatXml(bad), bad).toThrow(WeChatXmlError);
    }
  });

  it('requires the envelope fields of a message', () => {
    expect(() => toWeChatMessage(parseWeChatXml('<xml><MsgType>text</MsgType></xml>'))).toThrow(WeChatXmlError);
  });
});

describe('reply XML', () => {
  const reader = new XMLParser({ parseTagValue: false, processEntities: false });

  it('splits "]]>" across CDATA sections so the content survives a round trip', () => {
    expect(cdata('a]]>b')).toBe('<![CDATA[a]]]]><![CDATA[>b]]>');
    const content = '见[1]]]>结尾 ]]>]]> 😀';
    const xml = textReplyXml({ toUser: 'oUser', fromAccount: 'gh_qidong', content, createTime: 1732590000 });
    expect(parseWeChatXml(xml).Content).toBe(content);
  });

  it('addresses the reply to the user from the account, as text', () => {
    const xml = textReplyXml({ toUser: 'oUser', fromAccount: 'gh_qidong', content: '你好', createTime: 1 });
    expect(reader.parse(xml)).toEqual({ xml: { ToUserName: 'oUser', FromUserName: 'gh_qidong', CreateTime: '1', MsgType: 'text', Content: '你好' } });
  });

  it('wraps an encrypted reply in Encrypt, MsgSignature, TimeStamp and Nonce', () => {
    const xml = encryptedReplyXml({ encrypt: 'QUJD', msgSignature: 'sig', timestamp: '17', nonce: '42' });
    expect(reader.parse(xml)).toEqual({ xml: { Encrypt: 'QUJD', MsgSignature: 'sig', TimeStamp: '17', Nonce: '42' } });
  });
});
