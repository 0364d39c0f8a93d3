// Reading a question: what it asks about (years, named regulations, an article), what kind of answer it
// wants (a figure, a list), and whether it is something we must not answer (instructions smuggled in,
// a request for someone's personal records, help to break the law).
import { cnToInt, intToCn } from '../knowledge/numerals.js';
import { MAX_QUESTION_CHARS } from '../limits.js';
import { normalize, stripControl } from '../search/text.js';
import { explicitYears, resolveYear } from './staff/year.js';
import { findRegulations, type NamedRegulation, type RegulationNameIndex } from './regulation-names.js';

export { MAX_QUESTION_CHARS };

export type Refusable = 'injection' | 'harmful' | 'personal' | 'empty' | 'off-topic';

export interface Understanding {
  /** The question as asked, cleaned and cut to MAX_QUESTION_CHARS. */
  question: string;
  /** NFKC + lower case form used for matching. */
  norm: string;
  years: number[];
  regulations: NamedRegulation[];
  /** "第七条", when the question names an article. */
  article?: string;
  /** Asks for a number: 多少, 几次, 几家 … */
  wantsFigure: boolean;
  /** Asks how many times/cases/companies: answered from the report's figures. */
  wantsCount: boolean;
  refuse?: Refusable;
}

const INJECTION = [
  /忽略.{0,12}(指令|指示|提示|规则|设定|要求|限制)/,
  /(无视|不要理会|不用管|绕过|突破).{0,10}(指令|规则|限制|设定|提示)/,
  /(扮演|假装|假扮|现在你是|你现在是|从现在起你)/,
  /(没有|不受|解除|取消)(任何)?(限制|约束|审查)/,
  /(系统提示|提示词|system\s*prompt|prompt|越狱|jailbreak|开发者模式|developer\s*mode)/i,
  /ignore\s+(all\s+|any\s+|the\s+)?(previous|prior|above|earlier)/i,
  /(disregard|forget)\s+(all\s+|your\s+|the\s+)?(instructions|rules)/i,
  /\byou\s+are\s+now\b|\bact\s+as\b|\bpretend\b/i,
  /(输出|打印|告诉我|显示|泄露).{0,8}(你的|系统的?)(配置|设定|指令|密钥|环境变量|token|api)/i,
];

const HARMFUL = /(怎么|怎样|如何|教我|帮我|有什么办法|有啥办法).{0,8}(逃税|偷税|漏税|避税不被|洗钱|制毒|贩毒|运毒|诈骗别人|骗钱|骗保|逃避(处罚|执法|检查|追查)|伪造|造假|行贿|跑路不还|躲避执法|作弊)/;

const PERSONAL =
  /(查|查询|看看|调出|找出)(一下)?(我|我家|他|她|某人|别人)(的|名下|家).{0,10}(记录|信息|档案|社保|公积金|余额|成绩|订单|电话|住址|身份证|快递|违章|罚单|案底|欠款)|我(的|名下).{0,6}(社保|公积金|缴费记录|档案|快递|订单|违章|罚单)/;

/** Everyday topics that no report or statute here answers, however many words they share with them. */
const OFF_TOPIC = /(新闻|天气|下雨|气温|股票|基金|彩票|电影|电视剧|综艺|菜谱|做菜|笑话|段子|星座|八卦|明星|游戏|比分|球赛|旅游攻略|景点|美食|外卖|打折|优惠券|菜价|房价走势)/;

/** Personal details of named people (officials included): never ours to give, and not in the sources. */
const PERSON_DETAILS = /(主任|书记|领导|局长|处长|科长|所长|干部|工作人员|市长|区长|镇长|村长|他|她).{0,8}(叫什么|名字|姓名|手机号?|电话号码?|联系方式|住址|家庭住址|住在哪|微信号)/;

// "哪几个", "哪几家" ask which ones (a list), not how many.
const FIGURE = /(多少|(?<!哪)几[次个家条起件批名场份项人天年%]?|数量|总量|总数|比例|百分之|多大|多长|多久|多不多|有多少)/;
/** A count (of cases, visits, companies …): laws set rules, the report counts what was done. */
const COUNT = /(多少|(?<!哪)几)\s*(次|起|件|家|个|条|批|人次|名|场|份|项|人)|多不多|有多少|总量|总数|数量/;

/** Years a question names or implies (今年/去年 from `now`); one reading of years for the whole core. */
function detectYears(norm: string, now: Date): number[] {
  const years = explicitYears(norm);
  if (years.length) return years;
  const ref = resolveYear(norm, now);
  return ref.year !== undefined ? [ref.year] : [];
}

function detectArticle(norm: string): string | undefined {
  const m = norm.match(/第\s*([0-9]+|[零〇一二三四五六七八九十百千两]+)\s*条(之[一二三四五六七八九十])?/);
  if (!m) return undefined;
  const n = /^[0-9]+$/.test(m[1]!) ? Number(m[1]) : cnToInt(m[1]!);
  return n ? `第${intToCn(n)}条${m[2] ?? ''}` : undefined;
}

export function cleanQuestion(raw: string): string {
  const text = stripControl(raw).replace(/\s+/g, ' ').trim();
  if (text.length <= MAX_QUESTION_CHARS) return text;
  // Never keep half a surrogate pair (an emoji); trim after the cut, so cleaning twice changes nothing.
  const high = text.charCodeAt(MAX_QUESTION_CHARS - 1);
  const cut = high >= 0xd800 && high <= 0xdbff ? MAX_QUESTION_CHARS - 1 : MAX_QUESTION_CHARS;
  return text.slice(0, cut).trim();
}

export function understand(raw: string, names: RegulationNameIndex, now: Date): Understanding {
  const question = cleanQuestion(raw);
  const norm = normalize(question);
  const u: Understanding = {
    question,
    norm,
    years: detectYears(norm, now),
    regulations: findRegulations(norm, names),
    wantsFigure: FIGURE.test(norm),
    wantsCount: COUNT.test(norm),
  };
  const article = detectArticle(norm);
  if (article) u.article = article;
  if (!norm.replace(/[\s\p{P}\p{S}]/gu, '')) u.refuse = 'empty';
  else if (INJECTION.some((re) => re.test(question))) u.refuse = 'injection';
  else if (HARMFUL.test(norm)) u.refuse = 'harmful';
  else if (PERSONAL.test(norm) || PERSON_DETAILS.test(norm)) u.refuse = 'personal';
  else if (OFF_TOPIC.test(norm)) u.refuse = 'off-topic';
  return u;
}
