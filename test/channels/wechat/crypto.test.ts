import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WeChatCrypto, WeChatCryptoError, pkcs7Pad, pkcs7Unpad } from '../../../src/channels/wechat/crypto.js';

const KEY = 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR';
const APP_ID = 'wx49f0ab532d5d035a';
const RANDOM = Buffer.from('1234567890123456');

/** A second, deliberately plain implementation of the scheme, written from the issue text. */
function referenceEncrypt(message: string, appId: string, random: Buffer): string {
  const key = Buffer.from(KEY + '=', 'base64');
  const body = Buffer.from(message, 'utf8');
  const len = Buffer.from([(body.length >>> 24) & 255, (body.length >>> 16) & 255, (body.length >>> 8) & 255, body.length & 255]);
  const plain = Buffer.concat([random, len, body, Buffer.from(appId)]);
  let pad = 32 - (plain.length % 32);
  if (pad === 0) pad = 32;
  const padded = Buffer.concat([plain, Buffer.alloc(pad, pad)]);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}

function rawDecrypt(b64: string): Buffer {
  const key = Buffer.from(KEY + '=', 'base64');
  const d = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  d.setAutoPadding(false);
  return Buffer.concat([d.update(Buffer.from(b64, 'base64')), d.final()]);
}

describe('WeChatCrypto — public vectors', () => {
  const crypto = new WeChatCrypto(KEY, APP_ID);

  // wechatpy/wechatpy, tests/test_crypto.py, test_encrypt_message: this reply, random "1234567890123456".
  it('encrypts the wechatpy reply vector byte for byte', () => {
    const reply = [
      '<xml>',
      '<MsgType><![CDATA[text]]></MsgType>',
      '<Content><![CDATA[test]]></Content>',
      '<FromUserName><![CDATA[wx49f0ab532d5d035a]]></FromUserName>',
      '<ToUserName><![CDATA[messense]]></ToUserName>',
      '<AgentID>1</AgentID>',
      '<CreateTime>1411525903</CreateTime>',
      '</xml>',
    ].join('\n');
    expect(crypto.encrypt(reply, RANDOM)).toBe(
      '9s4gMv99m88kKTh/H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk+j3nba4HMOTzHrluLBYqxgNcBqGsL8GqxlhZgURnAtObvesEl5nZ+uBE8bviY0LWke8Zy9V/QYKxNV2FqllNXcfmstttyIkMKCCmVbCFM2JTF5wY0nFhHZSjPUL2Q1qvSUCUld+/WIXrx0oyKQmpB6o8NRrrNrsDf03oxI1p9FxUgMnwKKZeOA/uu+2IEvEBtb7muXsVbwbgX05UPPJvFurDXafG0RQyPR+mf1nDnAtQmmNOuiR5MIkdQ39xn1vWwi1O5oazPoQJz0nTYjxxEE8kv3kFxtAGVRe3ypD3WeK2XeFYFMNMpatF9XiKzHo3',
    );
  });

  // wechatpy/wechatpy, tests/test_crypto.py, test_decrypt_message: an inbound text message from "messense".
  it('decrypts the wechatpy inbound vector, keeping its 64-bit MsgId exact', () => {
    const xml = crypto.decrypt(
      'RgqEoJj5A4EMYlLvWO1F86ioRjZfaex/gePD0gOXTxpsq5Yj4GNglrBb8I2BAJVODGajiFnXBu7mCPatfjsu6IHCrsTyeDXzF6Bv283dGymzxh6ydJRvZsryDyZbLTE7rhnus50qGPMfp2wASFlzEgMW9z1ef/RD8XzaFYgm7iTdaXpXaG4+BiYyolBug/gYNx410cvkKR2/nPwBiT+P4hIiOAQqGp/TywZBtDh1yCF2KOd0gpiMZ5jSw3e29mTvmUHzkVQiMS6td7vXUaWOMZnYZlF3So2SjHnwh4jYFxdgpkHHqIrH/54SNdshoQgWYEvccTKe7FS709/5t6NMxuGhcUGAPOQipvWTT4dShyqio7mlsl5noTrb++x6En749zCpQVhDpbV6GDnTbcX2e8K9QaNWHp91eBdCRxthuL0=',
    );
    expect(xml).toContain('<FromUserName><![CDATA[messense]]></FromUserName>');
    expect(xml).toContain('<MsgId>4363689963896700987</MsgId>');
  });

  // wechatpy/wechatpy, tests/test_crypto.py, test_check_signature_should_ok: the encrypted echostr.
  it('decrypts the wechatpy echostr vector', () => {
    expect(crypto.decrypt('4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q==')).toMatch(/^\d+$/);
  });
});

describe('WeChatCrypto — against an independent implementation', () => {
  const crypto = new WeChatCrypto(KEY, APP_ID);

  it('gives the same ciphertext as the reference for Chinese, emoji and every padding length', () => {
    // 20 header bytes + 18 app id bytes: message lengths 0..40 cover pad values 1..32, including a full block.
    for (let n = 0; n <= 40; n++) {
      const message = 'x'.repeat(n);
      expect(crypto.encrypt(message, RANDOM)).toBe(referenceEncrypt(message, APP_ID, RANDOM));
    }
    const chinese = '行政处罚法第七条是什么？😀';
    expect(crypto.encrypt(chinese, RANDOM)).toBe(referenceEncrypt(chinese, APP_ID, RANDOM));
  });

  it('pads to 32-byte blocks with values 1–32 (a full block of 32 when already aligned)', () => {
    // 16 + 4 + 10 + 18 = 48 bytes → pad 16; 16 + 4 + 26 + 18 = 64 bytes → a whole extra block of 32.
    const p16 = rawDecrypt(crypto.encrypt('y'.repeat(10), RANDOM));
    expect(p16.length).toBe(64);
    expect(p16[p16.length - 1]).toBe(16);
    const p32 = rawDecrypt(crypto.encrypt('y'.repeat(26), RANDOM));
    expect(p32.length).toBe(96);
    expect([...p32.subarray(64)]).toEqual(Array(32).fill(32));
  });

  it('decrypts what the reference encrypts, for any text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        expect(crypto.decrypt(referenceEncrypt(text, APP_ID, randomBytes(16)))).toBe(text);
      }),
      { numRuns: 200 },
    );
  });
});

describe('WeChatCrypto — refusals', () => {
  const crypto = new WeChatCrypto(KEY, APP_ID);

  it('refuses a message for another app id', () => {
    expect(() => crypto.decrypt(referenceEncrypt('<xml/>', 'wxSOMEONEELSE', RANDOM))).toThrow(/another app id/);
  });

  it('refuses non-base64, partial blocks, empty input and a tampered last block', () => {
    expect(() => crypto.decrypt('not base64 at all!')).toThrow(WeChatCryptoError);
    expect(() => crypto.decrypt(Buffer.alloc(24).toString('base64'))).toThrow(WeChatCryptoError);
    expect(() => crypto.decrypt('')).toThrow(WeChatCryptoError);
    const good = Buffer.from(crypto.encrypt('hello', RANDOM), 'base64');
    const tampered = Buffer.from(good);
    tampered[tampered.length - 20]! ^= 0xff;
    expect(() => crypto.decrypt(tampered.toString('base64'))).toThrow(WeChatCryptoError);
  });

  it('refuses a length field pointing past the end', () => {
    const key = Buffer.from(KEY + '=', 'base64');
    const plain = Buffer.concat([RANDOM, Buffer.from([0, 0, 1, 0]), Buffer.from('short')]);
    const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
    const b64 = Buffer.concat([cipher.update(pkcs7Pad(plain)), cipher.final()]).toString('base64');
    expect(() => crypto.decrypt(b64)).toThrow(/length/);
  });

  it('refuses an EncodingAESKey that is not 43 base64 characters', () => {
    expect(() => new WeChatCrypto('short', APP_ID)).toThrow(/EncodingAESKey/);
    expect(() => new WeChatCrypto(KEY.slice(0, 42) + '*', APP_ID)).toThrow(WeChatCryptoError);
  });

  it('pkcs7Unpad refuses a zero, an oversized or an inconsistent pad', () => {
    expect(() => pkcs7Unpad(Buffer.alloc(32, 0))).toThrow(WeChatCryptoError);
    expect(() => pkcs7Unpad(Buffer.alloc(32, 33))).toThrow(WeChatCryptoError);
    expect(() => pkcs7Unpad(Buffer.concat([Buffer.alloc(29, 1), Buffer.from([2, 9, 3])]))).toThrow(WeChatCryptoError);
    expect(pkcs7Unpad(Buffer.concat([Buffer.from('ab'), Buffer.alloc(30, 30)])).toString()).toBe('ab');
  });
});
