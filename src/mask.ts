// Personal numbers people type into a question (mobile and landline numbers, ID-card and bank-card numbers,
// e-mail addresses) never reach a log line or the feedback tables: they are replaced by a typed placeholder
// before either sees the text. Over-masking is the safe side, so any long digit run goes too.
// On the ground floor beside logger.ts, which masks every line with it: it imports nothing.

const DIGIT = '[0-9\\uFF10-\\uFF19]';
/** A digit run with single spaces or dashes between digits ("138 1234 5678", "6222-0212-…"), an ID's final X. */
const NUMBER_RUN = new RegExp(`(?<![0-9\\uFF10-\\uFF19])(?:[+\\uFF0B]?(?:86|\\uFF18\\uFF16)[ \\-]?)?${DIGIT}(?:[ \\-\\u00A0]?${DIGIT}){6,22}(?:[ \\-]?[Xx\\uFF38\\uFF58])?(?![0-9\\uFF10-\\uFF19])`, 'g');
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;

export const MASKS = {
  mobile: '[手机号]',
  landline: '[电话号码]',
  idCard: '[身份证号]',
  bankCard: '[银行卡号]',
  number: '[号码]',
  email: '[邮箱]',
} as const;

/** Full-width digits and X to ASCII, separators out: the form the number is judged in. */
function canonical(run: string): string {
  return run
    .replace(/[\uFF10-\uFF19\uFF38\uFF58\uFF0B]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[ \-\u00A0+]/g, '')
    .toUpperCase();
}

/** Born 1900–2099 with a real month and day at positions 7–14: the shape of an 18-digit resident ID. */
const ID_18 = /^[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dX]$/;

function classify(run: string): string | undefined {
  const digits = canonical(run);
  if (digits.endsWith('X')) return digits.length === 18 || digits.length === 15 ? MASKS.idCard : MASKS.number;
  if (digits.length === 18 && ID_18.test(digits)) return MASKS.idCard;
  if (/^(?:86)?1[3-9]\d{9}$/.test(digits)) return MASKS.mobile;
  if (/^0\d{9,11}$/.test(digits)) return MASKS.landline;
  if (digits.length === 15) return MASKS.idCard;
  if (digits.length >= 16 && digits.length <= 19) return MASKS.bankCard;
  // Local numbers without area code (8 digits: "83123456") stay: they read like amounts and years.
  if (digits.length >= 12) return MASKS.number;
  return undefined;
}

/**
 * Machine ids that may hold long digit runs by chance (UUIDs — request and answer ids, eTags — and hex hashes):
 * matched first and kept, so an id is never mistaken for a phone number and mangled.
 */
const MACHINE_ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?<![0-9A-Za-z])(?=[0-9a-f]*[a-f])[0-9a-f]{24,}(?![0-9A-Za-z])/gi;
const ID_OR_NUMBER = new RegExp(`(${MACHINE_ID.source})|${NUMBER_RUN.source}`, 'gi');

/** The text with personal numbers and e-mail addresses replaced by placeholders; everything else as written. */
export function maskPersonalData(text: string): string {
  return text.replace(EMAIL, MASKS.email).replace(ID_OR_NUMBER, (run: string, machineId: string | undefined) => machineId ?? classify(run) ?? run);
}

/** Field names whose values are secrets: never logged, whatever they hold. */
const SECRET_KEY = /(password|passwd|secret|token|api[-_]?key|authorization|cookie|aes[-_]?key|salt)/i;
/** Query parameters that carry a person's id (WeChat's openid) or a signature. */
const ID_PARAM = /([?&](?:openid|unionid|userid|user_id|fromusername)=)[^&#\s]*/gi;
const REDACTED = '[已隐去]';

function maskString(value: string): string {
  return maskPersonalData(value).replace(ID_PARAM, `$1${REDACTED}`);
}

/**
 * A log record with every string masked and secret fields redacted, copied as deep as `depth`. Errors are kept
 * as they are (pino's serializer reads them); their messages are written by us, not by users.
 */
export function maskLogRecord(record: Record<string, unknown>, depth = 4): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    out[key] = SECRET_KEY.test(key) && value !== undefined && value !== null && value !== '' ? REDACTED : maskValue(value, depth - 1);
  }
  return out;
}

function maskValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return maskString(value);
  if (depth <= 0 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskValue(v, depth - 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return maskLogRecord(value as Record<string, unknown>, depth);
}

/** For pino's `hooks.logMethod`: masks the message strings of a call (`log.info(obj, 'msg %s', arg)`). */
export function maskLogArguments(args: unknown[]): unknown[] {
  return args.map((a) => (typeof a === 'string' ? maskString(a) : a));
}
