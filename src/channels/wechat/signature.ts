// WeChat's callback signatures: SHA-1 over the parts sorted as strings and concatenated.
// The URL check and plaintext messages sign (token, timestamp, nonce); safe mode adds the Encrypt value.
import { createHash, timingSafeEqual } from 'node:crypto';

export function wechatSignature(...parts: string[]): string {
  return createHash('sha1').update([...parts].sort().join(''), 'utf8').digest('hex');
}

/** Constant-time comparison so that a forger learns nothing from response timing. */
export function signatureMatches(given: string | undefined, ...parts: string[]): boolean {
  if (!given) return false;
  const expected = Buffer.from(wechatSignature(...parts), 'utf8');
  const actual = Buffer.from(given, 'utf8');
  // The length of a SHA-1 hex digest is public, so an early return on length leaks nothing.
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
