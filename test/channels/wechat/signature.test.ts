import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signatureMatches, wechatSignature } from '../../../src/channels/wechat/signature.js';

describe('wechatSignature', () => {
  it('is SHA-1 of the parts sorted as strings: the FIPS 180 vector "abc" from parts given out of order', () => {
    expect(wechatSignature('c', 'a', 'b')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
  });

  it('matches a straightforward computation of the URL-check signature', () => {
    const token = 'qidong-token';
    const timestamp = '1732590000';
    const nonce = '987654321';
    // Sorted: "1732590000" < "987654321" < "qidong-token" (digits before letters).
    const expected = createHash('sha1').update('1732590000987654321qidong-token').digest('hex');
    expect(wechatSignature(token, timestamp, nonce)).toBe(expected);
  });

  // Public vector from wechatpy/wechatpy, tests/test_crypto.py (test_check_signature_should_ok):
  // token 123456, timestamp 1411443780, nonce 437374425 and the echostr sign to dd6b9c95….
  it('reproduces the public msg_signature vector of wechatpy', () => {
    const echo = '4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q==';
    expect(wechatSignature('123456', '1411443780', '437374425', echo)).toBe('dd6b9c95b495b3f7e2901bfbc76c664930ffdb96');
  });
});

describe('signatureMatches', () => {
  const parts = ['token', '1700000000', '42'];
  const good = wechatSignature(...parts);

  it('accepts the right signature and refuses a wrong, a truncated, an upper-cased or a missing one', () => {
    expect(signatureMatches(good, ...parts)).toBe(true);
    expect(signatureMatches(good.replace(/.$/, (c) => (c === '0' ? '1' : '0')), ...parts)).toBe(false);
    expect(signatureMatches(good.slice(0, 39), ...parts)).toBe(false);
    expect(signatureMatches(good.toUpperCase(), ...parts)).toBe(false);
    expect(signatureMatches(undefined, ...parts)).toBe(false);
    expect(signatureMatches('', ...parts)).toBe(false);
  });

  it('refuses a signature made with another token', () => {
    expect(signatureMatches(wechatSignature('other', '1700000000', '42'), ...parts)).toBe(false);
  });
});
