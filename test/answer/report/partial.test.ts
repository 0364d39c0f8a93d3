// When the report says less than asked: the parts of a question the quoted passages do not answer.
import { describe, expect, it } from 'vitest';
import { checkAsks, unstated } from '../../../src/answer/report/partial.js';
import { reportChunks } from '../../../src/knowledge/report/index.js';
import { Bm25Index } from '../../../src/search/bm25.js';
import { terms } from '../../../src/search/tokenizer.js';
import { report2023 } from '../staff/reports.js';

const chunks = reportChunks(report2023);
const bm25 = new Bm25Index(chunks.map((c) => terms(c.text)));
const passage = (id: string) => chunks.find((c) => c.id === id)!.text;

describe('unstated: what the report does not contain, when it answers part of the question', () => {
  it.each([
    ['劳动密集型企业检查罚了哪几家企业，每家罚了多少钱？', 'report-2023-1-7-3', ['每家罚了多少钱']],
    ['园区的法律顾问是哪家律所，一年顾问费多少', 'report-2023-1-5-2', ['园区的法律顾问是哪家律所', '一年顾问费多少']],
    ['参加网络培训的工作人员考试都过了吗，平均多少分', 'report-2023-1-6-2', ['平均多少分']],
    ['化解的行政诉讼是什么案子，政府赔了多少钱', 'report-2023-1-8-3', ['化解的行政诉讼是什么案子', '政府赔了多少钱']],
    ['劳动密集型企业专项执法检查罚了多少钱', 'report-2023-1-7-3', ['劳动密集型企业专项执法检查罚了多少钱']],
  ])('%s', (q, id, missing) => {
    expect(unstated(checkAsks(q, [passage(id)], bm25))).toEqual(missing);
  });

  it.each([
    ['劳动密集型企业专项执法检查查了几家，罚了几家', 'report-2023-1-7-3'],
    ['信访工作的六大工作机制是哪几个', 'report-2023-1-8-1'],
    ['行政官司开庭，谁要出庭应诉', 'report-2023-1-8-3'],
    ['冬季安全生产专项治理排查出多少隐患？', 'report-2023-1-7-3'],
    ['以后没经过合法性审查的事项，还会拿去集体审议吗', 'report-2023-4-2-1'],
    ['报告说在什么时候确保没有越级上访', 'report-2023-1-8-1'],
  ])('says nothing more when the passage answers: %s', (q, id) => {
    expect(unstated(checkAsks(q, [passage(id)], bm25))).toEqual([]);
  });

  it('says nothing when the passage is not about the question at all (that is a refusal, decided elsewhere)', () => {
    expect(unstated(checkAsks('开发区招商引资签了多少个项目，总投资多少亿', [passage('report-2023-1-7-3')], bm25))).toEqual([]);
  });
});
