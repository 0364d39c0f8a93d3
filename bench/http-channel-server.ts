// The server of bench:http with the answering core replaced by canned answers: what restify, the web
// channel, the bot, conversation state and rendering cost on their own. Started by bench/http.ts only.
// As in src/index.ts: the server's heap policy before anything else loads.
import '../src/heap.js';
import type { AnswerService } from '../src/answer/service.js';
import { loadConfig } from '../src/config.js';
import type { Answer } from '../src/domain.js';
import { createLogger } from '../src/logger.js';
import { createApp } from '../src/server/app.js';

const passage = '这是一段用于基准测试的引文，长度与报告中的一个段落相当，'.repeat(6);
const answer: Answer = {
  answered: true,
  answer: '基准测试答案：该项工作已按要求完成[1]，相关措施见出处[2]。',
  citations: [1, 2, 3].map((n) => ({ id: `bench-${n}`, kind: 'report' as const, title: '启东经济开发区2023年度法治政府建设情况报告', year: 2023, section: `一、（${n}）`, text: passage, score: 1 - n / 10 })),
  suggestions: ['2023年信访总量是多少？', '法律援助要不要花钱？'],
};

const stats = () => ({ documents: 1, chunks: 3, reportYears: [2023], regulations: [], catalogueOnly: [], indexBuiltAt: new Date().toISOString() });
const canned: AnswerService = {
  answer: () => Promise.resolve(structuredClone(answer)),
  async *stream() {
    yield { type: 'answer', answer: structuredClone(answer) };
  },
  stats,
  reports: () => [],
  regulations: () => [],
  search: () => Promise.resolve([]),
  passage: () => undefined,
  reindex: () => Promise.resolve(stats()),
};

const config = loadConfig();
const app = await createApp(config, { service: canned, logger: createLogger(config.LOG_LEVEL) });
app.server.listen(config.PORT, '127.0.0.1');
process.on('SIGTERM', () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
