// Hand-written passages in the shape retrieval returns (not taken from the sources), numbered [1..3].
import type { Answer, Citation } from '../../../src/domain.js';

export const passages: Citation[] = [
  {
    id: 'report-2023-1-2-3',
    kind: 'report',
    title: '启东经济开发区2023年度法治政府建设情况报告',
    year: 2023,
    section: '一、（二）学习宣传',
    text: '今年以来，累计组织集中学法 8 次，发放各类宣传资料30000余份，群众满意率达到 95%。',
    score: 0.91,
  },
  {
    id: 'report-2023-1-5-1',
    kind: 'report',
    title: '启东经济开发区2023年度法治政府建设情况报告',
    year: 2023,
    section: '一、（五）矛盾纠纷化解',
    text: '全年受理信访事项一百四十九件，办结率百分之百，开展矛盾排查十余次。',
    score: 0.84,
  },
  {
    id: 'reg-行政处罚法-第七条',
    kind: 'regulation',
    title: '中华人民共和国行政处罚法',
    article: '第七条',
    text: '第七条 公民、法人或者其他组织对行政机关所给予的行政处罚，享有陈述权、申辩权。',
    score: 0.7,
  },
];

export const extractive: Answer = {
  answered: true,
  answer: '今年以来，累计组织集中学法 8 次[1]。',
  citations: [passages[0]!],
  suggestions: ['2023年发放了多少份宣传资料？'],
};

export const notCovered: Answer = {
  answered: false,
  answer: '知识库中没有2019年的报告。法律问题可拨打 12348。',
  citations: [],
  suggestions: [],
};
