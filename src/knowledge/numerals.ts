// Chinese numerals as statutes write them (第一百零一条, 第二十条之一) and as residents type them (第7条).

const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** Characters that may appear in a Chinese numeral; for building regular expressions. */
export const CN_NUMERAL_CHARS = '零〇一二三四五六七八九两十百千万';

/**
 * "一百零一" → 101, "十五" → 15, "三万五千" → 35000, "二〇二三" → 2023 (digit by digit), "7" / "７" → 7.
 * The one reader of Chinese numerals: article numbers, years, report ordinals and the figures the guard checks.
 * Undefined when the string is not a numeral, so callers can tell "第七条" from "第几条".
 */
export function cnToInt(input: string): number | undefined {
  const s = input.trim().replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  if (s === '') return undefined;
  if (/^\d+$/.test(s)) return Number(s);
  if (![...s].every((c) => c in DIGITS || c in UNITS || c === '万' || c === '亿')) return undefined;

  // Digit by digit, as years are written ("二〇二三"): no unit characters at all.
  if (s.length > 1 && ![...s].some((c) => c in UNITS || c === '万' || c === '亿')) {
    return Number([...s].map((c) => DIGITS[c]).join(''));
  }

  const yi = s.indexOf('亿');
  if (yi >= 0) {
    const high = yi === 0 ? 1 : cnToInt(s.slice(0, yi));
    const low = yi === s.length - 1 ? 0 : cnToInt(s.slice(yi + 1));
    return high === undefined || low === undefined ? undefined : high * 100_000_000 + low;
  }

  const wan = s.indexOf('万');
  if (wan >= 0) {
    const high = wan === 0 ? 1 : cnBelowTenThousand(s.slice(0, wan));
    const low = wan === s.length - 1 ? 0 : cnBelowTenThousand(s.slice(wan + 1));
    return high === undefined || low === undefined ? undefined : high * 10_000 + low;
  }
  return cnBelowTenThousand(s);
}

function cnBelowTenThousand(s: string): number | undefined {
  let total = 0;
  let pending: number | undefined;
  let lastUnit = Infinity;
  for (const c of s) {
    const digit = DIGITS[c];
    if (digit !== undefined) {
      if (pending !== undefined && digit !== 0 && pending !== 0) return undefined; // "二三十"
      pending = digit;
      continue;
    }
    const unit = UNITS[c];
    if (unit === undefined || unit >= lastUnit) return undefined; // "十百", "百百"
    // A bare unit means one of it: "十五" = 15, "一百十" is unusual but read as 110.
    total += (pending === undefined || pending === 0 ? 1 : pending) * unit;
    pending = undefined;
    lastUnit = unit;
  }
  return total + (pending ?? 0);
}

/** 7 → "七", 101 → "一百零一", 110 → "一百一十", 1260 → "一千二百六十": the statutes' style. */
export function intToCn(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 100_000_000) throw new RangeError(`intToCn: ${n} is out of range`);
  if (n === 0) return '零';
  if (n >= 10_000) {
    const high = Math.floor(n / 10_000);
    const low = n % 10_000;
    const lowText = low === 0 ? '' : (low < 1000 ? '零' : '') + belowTenThousand(low, true);
    return belowTenThousand(high, false) + '万' + lowText;
  }
  return belowTenThousand(n, false);
}

function belowTenThousand(n: number, inner: boolean): string {
  const places: Array<[number, string]> = [[1000, '千'], [100, '百'], [10, '十'], [1, '']];
  let out = '';
  let zero = false;
  for (const [value, unit] of places) {
    const digit = Math.floor(n / value) % 10;
    if (digit === 0) {
      if (out !== '') zero = true;
      continue;
    }
    if (zero) out += '零';
    zero = false;
    // "十五", not "一十五" — but "一百一十" and, inside a larger number, "一十".
    const digitText = value === 10 && digit === 1 && out === '' && !inner ? '' : CN_DIGITS[digit];
    out += digitText + unit;
  }
  return out;
}

const ARTICLE_REF = new RegExp(`第\\s*([${CN_NUMERAL_CHARS}0-9０-９]+)\\s*条(?:\\s*之\\s*([${CN_NUMERAL_CHARS}0-9０-９]+))?`);

/** "第7条", "第 七 条", "第二十条之1" → "第七条", "第二十条之一": how the statutes write the number. */
export function normaliseArticleRef(ref: string): string | undefined {
  const m = ARTICLE_REF.exec(ref);
  if (!m?.[1]) return undefined;
  const n = cnToInt(m[1]);
  if (n === undefined || n <= 0) return undefined;
  const sub = m[2] === undefined ? undefined : cnToInt(m[2]);
  if (m[2] !== undefined && (sub === undefined || sub <= 0)) return undefined;
  return articleLabel(n, sub);
}

/** (7) → "第七条", (20, 1) → "第二十条之一". */
export function articleLabel(n: number, sub?: number): string {
  return `第${intToCn(n)}条${sub ? `之${intToCn(sub)}` : ''}`;
}
