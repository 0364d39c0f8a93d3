// Personal numbers in real formats are masked before logging and storing; ordinary questions (years,
// amounts, article numbers, hotlines) come through as written.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskLogArguments, maskLogRecord, maskPersonalData, MASKS } from '../../src/mask.js';
import { ID_X, idCheckChar, luhnDigit } from './pii.js';


describe('maskPersonalData', () => {
  it.each([
    [`我的手机13812345678，请回电`, MASKS.mobile, '13812345678'],
    ['电话 +86 139-1234-5678 联系我', MASKS.mobile, '1234-5678'],
    ['手机号：138 1234 5678', MASKS.mobile, '1234 5678'],
    ['全角：１３９１２３４５６７８', MASKS.mobile, '１２３４５６７８'],
    ['座机0513-83123456找张三', MASKS.landline, '83123456'],
    [`身份证${ID_X}能查到我的处罚记录吗`, MASKS.idCard, ID_X],
    [`身份证号 ${ID_X.toLowerCase()}`, MASKS.idCard, ID_X.slice(0, 17)],
    ['身份证320681199003071234', MASKS.idCard, '320681199003071234'],
    ['老身份证320681900307123', MASKS.idCard, '320681900307123'],
    ['银行卡6222021234567890123被冻结了', MASKS.bankCard, '6222021234567890123'],
    ['卡号 6222 0212 3456 7890 怎么办', MASKS.bankCard, '3456 7890'],
    ['写信到 zhang.san@example.com', MASKS.email, 'zhang.san@example.com'],
  ])('%s', (text, mask, raw) => {
    const masked = maskPersonalData(text);
    expect(masked).toContain(mask);
    expect(masked).not.toContain(raw);
  });

  it.each([
    '2023年开展了多少场法治宣传活动？',
    '行政处罚法第七条是什么？',
    '拨打12348或12345咨询',
    '罚款20000元，金额10000000元以上',
    '2023-2024年的变化',
    '83123456',
  ])('leaves "%s" as written', (text) => {
    expect(maskPersonalData(text)).toBe(text);
  });

  it('masks every generated valid ID, mobile and bank card inside Chinese text', () => {
    const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
    const id = fc
      .tuple(fc.integer({ min: 110000, max: 659999 }), fc.date({ min: new Date('1930-01-01'), max: new Date('2020-12-31'), noInvalidDate: true }), digits(3))
      .map(([area, born, seq]) => {
        const body = `${area}${born.toISOString().slice(0, 10).replace(/-/g, '')}${seq}`;
        return body + idCheckChar(body);
      });
    const mobile = fc.tuple(fc.constantFrom('13', '15', '17', '18', '19'), digits(9)).map(([p, d]) => p + d);
    const card = fc.tuple(fc.constantFrom('6222', '6228', '6217', '4367'), digits(11)).map(([p, d]) => p + d + luhnDigit(p + d));
    const words = fc.constantFrom('请问', '我的号码是', '身份证', '银行卡', '，', '。', '法律援助', ' ');
    fc.assert(
      fc.property(words, fc.oneof(id, mobile, card), words, (before, number, after) => {
        const masked = maskPersonalData(`${before}${number}${after}`);
        expect(masked).not.toContain(number);
        expect(masked.replace(/\[[^\]]+\]/g, '')).not.toMatch(/\d{7,}/);
      }),
      { numRuns: 500 },
    );
  });
});

describe('maskLogRecord', () => {
  it('masks nested strings and redacts secret fields, keeping the rest', () => {
    const record = maskLogRecord({
      msg: 'ok',
      question: '手机13812345678',
      nested: { text: `身份证${ID_X}`, count: 3 },
      list: ['卡号6222021234567890123'],
      url: '/api/wechat?signature=abc&openid=oABC123xyz&timestamp=1',
      apiKey: 'sk-live-123',
      authorization: 'Bearer s3cret',
      WECHAT_ENCODING_AES_KEY: 'aes',
    });
    const text = JSON.stringify(record);
    for (const raw of ['13812345678', ID_X, '6222021234567890123', 'oABC123xyz', 'sk-live-123', 's3cret', '"aes"']) expect(text).not.toContain(raw);
    expect(record.nested).toMatchObject({ count: 3 });
    expect(record.url).toContain('signature=abc');
    expect(record.msg).toBe('ok');
  });

  it('masks message arguments', () => {
    expect(maskLogArguments([{ a: 1 }, '来电13812345678'])).toEqual([{ a: 1 }, `来电${MASKS.mobile}`]);
  });
});

describe('machine ids', () => {
  it('keeps UUIDs and hex hashes whole, even when they hold long digit runs', () => {
    const ids = ['0f8878ba-ab2b-42d1-a0f6-123456789012', '12345678-1234-4123-8123-123456789012', 'a1b2c3d4e5f6071829304152637485960a1b2c3d'];
    for (const id of ids) expect(maskPersonalData(`answerId ${id}，手机13812345678`)).toBe(`answerId ${id}，手机${MASKS.mobile}`);
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        expect(maskPersonalData(id)).toBe(id);
        expect(maskLogRecord({ answerId: id }).answerId).toBe(id);
      }),
      { numRuns: 2000 },
    );
  });
});
