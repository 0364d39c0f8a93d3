// Safe-mode message encryption of the WeChat Official Account platform.
// AES-256-CBC with key = base64(EncodingAESKey + "="), IV = the key's first 16 bytes, and PKCS#7 padding to
// 32-byte blocks — which is why Node's own 16-byte padding is switched off and done here.
// Plaintext layout: 16 random bytes ‖ 4-byte big-endian message length ‖ message (UTF-8) ‖ app id.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PAD_BLOCK = 32;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The ciphertext could not be turned into a message for this account; the caller answers 400. */
export class WeChatCryptoError extends Error {
  override readonly name = 'WeChatCryptoError';
}

export function pkcs7Pad(data: Buffer, block = PAD_BLOCK): Buffer {
  const pad = block - (data.length % block);
  return Buffer.concat([data, Buffer.alloc(pad, pad)]);
}

export function pkcs7Unpad(data: Buffer, block = PAD_BLOCK): Buffer {
  const pad = data.length > 0 ? data[data.length - 1]! : 0;
  if (pad < 1 || pad > block || pad > data.length) throw new WeChatCryptoError('bad padding');
  for (let i = data.length - pad; i < data.length; i++) {
    if (data[i] !== pad) throw new WeChatCryptoError('bad padding');
  }
  return data.subarray(0, data.length - pad);
}

export class WeChatCrypto {
  private readonly key: Buffer;
  private readonly iv: Buffer;

  constructor(
    encodingAesKey: string,
    private readonly appId: string,
  ) {
    const key = encodingAesKey.length === 43 && BASE64.test(encodingAesKey + '=') ? Buffer.from(encodingAesKey + '=', 'base64') : undefined;
    if (key?.length !== 32) {
      throw new WeChatCryptoError('WECHAT_ENCODING_AES_KEY must be the 43-character EncodingAESKey from the WeChat admin console');
    }
    this.key = key;
    this.iv = key.subarray(0, 16);
  }

  /** Returns the base64 ciphertext. `random` is for tests that need a fixed vector. */
  encrypt(message: string, random: Buffer = randomBytes(16)): string {
    const body = Buffer.from(message, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length, 0);
    const plain = pkcs7Pad(Buffer.concat([random, length, body, Buffer.from(this.appId, 'utf8')]));
    const cipher = createCipheriv('aes-256-cbc', this.key, this.iv).setAutoPadding(false);
    return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
  }

  /** Decrypts and checks that the message was meant for this app id. */
  decrypt(encrypted: string): string {
    const data = BASE64.test(encrypted) ? Buffer.from(encrypted, 'base64') : Buffer.alloc(0);
    if (data.length === 0 || data.length % 16 !== 0) throw new WeChatCryptoError('ciphertext is not AES blocks');
    const decipher = createDecipheriv('aes-256-cbc', this.key, this.iv).setAutoPadding(false);
    const plain = pkcs7Unpad(Buffer.concat([decipher.update(data), decipher.final()]));
    if (plain.length < 20) throw new WeChatCryptoError('plaintext too short');
    const length = plain.readUInt32BE(16);
    if (20 + length > plain.length) throw new WeChatCryptoError('message length out of range');
    const appId = plain.subarray(20 + length).toString('utf8');
    if (appId !== this.appId) throw new WeChatCryptoError('message is for another app id');
    return plain.subarray(20, 20 + length).toString('utf8');
  }
}
