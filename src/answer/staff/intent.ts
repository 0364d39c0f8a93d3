// What kind of staff lookup a question asks for. Anything else (a single figure, "怎么处理的") is left
// to the general retrieval, which quotes the passage.

export type StaffIntent = 'compare-plans' | 'compare-figures' | 'figures' | 'plans' | 'shortcomings' | 'measures';

const COMPARE_PLANS = /(计划|安排|部署|打算).{0,20}(落实|完成|兑现|实现|执行|做到)(了吗|了没|没有|情况|得怎么样|得如何|了多少|了哪些|吗)?/u;
const CHANGE = /(变化|对比|比较|增减|增长|增加|减少|下降|上升|趋势|相比|同比|多了|少了)/u;
const SEVERAL_YEARS = /近(两|二|三|四|五|[2-5])年|(最近|近)(两|二|三|[2-3])个?年度?|历年|逐年|每年|各年|两年|几年/u;
const FIGURES = /((有|列出|给出|汇总|整理|所有|全部|主要|哪些|什么)(的)?(统计)?(数据|指标|数字|统计数)|(数据|指标|数字)(表|一览|汇总|清单|列表|有哪些|有什么|都有))/u;
const PLANS = /((有|有什么|有哪些|什么|哪些)(工作)?(安排|计划|打算|部署)|(安排|计划|打算|部署)(是什么|有哪些|有什么|是啥)|下一步(要|将|准备)?(做|干|怎么|有)|(明年|下一年度?|下年度)(要|将|准备)?(做|干|重点|工作))/u;
const SHORTCOMINGS = /((存在|有)(哪些|什么)(不足|问题|短板|差距)|(不足|短板|差距)(有哪些|是什么|在哪|之处)|(存在的?|主要)(不足|问题|短板))/u;
const MEASURES =
  /((做了|开展了|采取了|推进了|落实了|干了)(哪些|什么|些什么)|(有|采取|出台)(了)?(哪些|什么)(工作|措施|举措|做法)|(措施|举措|做法)(有哪些|是什么|有什么)|哪些(工作|措施|举措|做法)|(主要)?(工作|措施|举措)(情况)?(列表|清单|一览))/u;

export function detectIntent(question: string, explicitYearCount: number): StaffIntent | undefined {
  if (COMPARE_PLANS.test(question)) return 'compare-plans';
  if (CHANGE.test(question) && (explicitYearCount >= 2 || SEVERAL_YEARS.test(question))) return 'compare-figures';
  if (FIGURES.test(question)) return 'figures';
  if (PLANS.test(question)) return 'plans';
  if (SHORTCOMINGS.test(question)) return 'shortcomings';
  if (MEASURES.test(question)) return 'measures';
  return undefined;
}
