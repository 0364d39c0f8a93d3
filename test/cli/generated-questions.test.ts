// `npm run ingest` with a chat model writes linked questions for passages that have none, against the fake
// OpenAI-compatible server and the real loader, index and search: what it writes and where, the hash cache,
// a changed passage, a failing model, and the staff review that follows.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCore } from '../../src/answer/index.js';
import { generationLine, parseIngestArgs, runIngest } from '../../src/cli/ingest-command.js';
import { runQuestionsCommand } from '../../src/cli/questions-command.js';
import { loadConfig, type Config } from '../../src/config.js';
import { generatedDir, LEDGER_FILE, passageHash, readGenerated } from '../../src/knowledge/generated-questions.js';
import { loadKnowledge } from '../../src/knowledge/index.js';
import { silentLogger } from '../../src/logger.js';
import { captureLogs } from '../answer/model/logs.js';
import { FIXTURE_REPORTS_DIR } from '../answer/staff/reports.js';
import { startFakeOpenAI } from '../fakes/fake-openai.js';
import type { FakeReply, FakeServer, RecordedRequest } from '../fakes/http.js';
import { chatMessages } from '../fakes/http.js';
import { tempDir } from '../helpers/paths.js';

/** Our own invented regulation (no official text): eight short articles on noise in a park's housing. */
const LAW_TITLE = '示例园区邻里噪声管理办法';
const LAW = [
  LAW_TITLE,
  '2024年3月1日 示例园区管理委员会第二次会议通过',
  '第一章 总则',
  '第一条 为了保障园区居民的休息环境，制定本办法。',
  '第二条 本办法适用于园区范围内的居住区。',
  '第二章 管理要求',
  '第三条 园区管理委员会负责受理噪声投诉，并在三个工作日内答复投诉人。',
  '第四条 住宅室内装修应当在每日八时至十二时、十四时至十八时进行，法定节假日不得进行产生噪声的装修作业。',
  '第五条 每日二十二时至次日六时，禁止在居住区内进行产生噪声的施工作业。因抢修等特殊需要的，应当提前公告。',
  '第六条 饲养宠物的，应当采取措施防止宠物持续吠叫干扰他人。',
  '第三章 附则',
  '第七条 违反本办法的，由园区管理委员会责令改正；拒不改正的，依法处理。',
  '第八条 本办法自公布之日起施行。',
].join('\n');

/** What the fake model writes for each article (the report's passages all get one plain question). */
const QUESTIONS: Record<string, string> = {
  第一条: '1. 这个噪声办法是为了啥定的？\n2. 园区为什么要管噪声？',
  第二条: '1. 这个噪声办法管哪些地方？',
  第三条: '1. 楼上太吵了去哪里投诉？\n2. 投诉噪声多久能有回复？',
  第四条: '1. 周末能不能在家装修房子？\n2. 中午可以装修打电钻吗？',
  第五条: '1. 晚上工地吵得睡不着找谁管？\n2. 半夜抢修能干活吗？',
  第六条: '1. 邻居家狗一直叫怎么办？',
  第七条: '1. 不听劝一直制造噪音会怎么样？',
  第八条: '1. 噪声办法从什么时候开始管用？',
};

function articleOf(request: RecordedRequest): string | undefined {
  const text = chatMessages(request.body).map((m) => m.content).join('\n');
  return /》(第[一二三四五六七八九十]+条)/u.exec(text)?.[1];
}

const answerFor = (request: RecordedRequest): FakeReply => {
  const a = articleOf(request);
  return { content: a ? QUESTIONS[a] ?? '' : '1. 开发区这方面具体做了些啥？' };
};

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

interface Setup {
  knowledgeDir: string;
  lawFile: string;
  config: (fake: FakeServer | undefined, env?: Record<string, string>) => Config;
}

function setup(): Setup {
  const knowledgeDir = tempDir('qd-gen-knowledge-');
  fs.mkdirSync(path.join(knowledgeDir, 'reports'));
  for (const f of fs.readdirSync(FIXTURE_REPORTS_DIR)) fs.copyFileSync(path.join(FIXTURE_REPORTS_DIR, f), path.join(knowledgeDir, 'reports', f));
  const lawsDir = tempDir('qd-gen-laws-');
  const lawFile = path.join(lawsDir, `${LAW_TITLE}.txt`);
  fs.writeFileSync(lawFile, LAW);
  const dataDir = tempDir('qd-gen-data-');
  return {
    knowledgeDir,
    lawFile,
    config: (fake, env = {}) =>
      loadConfig({}, {
        KNOWLEDGE_DIR: knowledgeDir, LAWS_DIR: lawsDir, DATA_DIR: dataDir, LOG_LEVEL: 'silent',
        ...(fake ? { LLM_PROVIDER: 'openai', LLM_BASE_URL: fake.baseUrl, LLM_MODEL: 'fake-model' } : {}),
        LLM_RETRY_BACKOFF_MS: '0',
        ...env,
      }),
  };
}

async function fakeModel(script: (request: RecordedRequest, n: number) => FakeReply = answerFor): Promise<FakeServer & { chats(): unknown[] }> {
  const fake = await startFakeOpenAI(script);
  servers.push(fake);
  return fake;
}

const lawLines = (knowledgeDir: string) => readGenerated(knowledgeDir).entries.filter((e) => e.file === `${LAW_TITLE}.jsonl`);
const ingest = (config: Config, logger = silentLogger, args: string[] = []) => runIngest(config, logger, parseIngestArgs(args));

describe('npm run ingest with a chat model', () => {
  it('writes questions for every passage without any, pending review, and indexes them', async () => {
    const s = setup();
    const fake = await fakeModel();
    const config = s.config(fake);
    const progress: number[] = [];
    const { generation, stats } = await runIngest(config, silentLogger, parseIngestArgs([]), (done) => progress.push(done));
    const kb = await loadKnowledge({ knowledgeDir: s.knowledgeDir, lawsDir: config.lawsDir }, silentLogger);
    const reportPassages = kb.chunks.filter((c) => c.kind === 'report').length;

    expect(generation).toMatchObject({ passages: 8 + reportPassages, written: 8 + reportPassages, failed: 0, unusable: 0, skipped: 0, covered: 0 });
    expect(fake.chats()).toHaveLength(8 + reportPassages);
    expect(progress.at(-1)).toBe(8 + reportPassages);
    expect(stats.regulations).toEqual([LAW_TITLE]);

    const lines = lawLines(s.knowledgeDir);
    expect(lines.map((e) => e.data.q)).toEqual(expect.arrayContaining(['晚上工地吵得睡不着找谁管？', '邻居家狗一直叫怎么办？']));
    const night = lines.find((e) => e.data.q === '晚上工地吵得睡不着找谁管？')!;
    const article5 = kb.regulations[0]!.articles.find((a) => a.article === '第五条')!;
    expect(night.data).toEqual({
      q: '晚上工地吵得睡不着找谁管？',
      gold: [{ law: LAW_TITLE, article: '第五条' }],
      source: 'generated',
      hash: passageHash(article5.text),
      model: 'openai/fake-model',
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/u),
      review: 'pending',
    });
    const report = readGenerated(s.knowledgeDir).entries.filter((e) => e.file === 'report-2024.jsonl');
    expect(report).toHaveLength(reportPassages);
    expect(report[0]!.data.gold[0]).toMatchObject({ report: 2024, quote: expect.any(String) });
    expect(report.map((e) => e.data.note)).toContain('一、（一）加强组织领导，落实领导干部学法制度');

    // The ledger: one line per passage that got questions.
    expect(fs.readFileSync(path.join(generatedDir(s.knowledgeDir), LEDGER_FILE), 'utf8').trim().split('\n')).toHaveLength(8 + reportPassages);
    // Attached to every passage (the report's by their quotes, each to its own), as written, not asked.
    const core = await loadCore(config, silentLogger);
    expect(core.kb.chunks.every((c) => c.questions?.length === (c.kind === 'regulation' ? QUESTIONS[c.article!]!.split('\n').length : 1))).toBe(true);
    expect(core.kb.chunks.some((c) => c.asked)).toBe(false);
    expect(core.kb.linked).toMatchObject({ unresolved: 0, invalid: 0 });
  });

  it('finds the passage through the real search by a question in words the passage does not use', async () => {
    const s = setup();
    const query = '晚上工地吵得睡不着找谁管';
    const top = async (config: Config) => {
      const { deps } = await loadCore(config, silentLogger);
      const hits = await deps.search.search({ text: query, k: 3 });
      return hits[0]?.chunk;
    };
    const before = await top(s.config(undefined));
    expect(before?.article).not.toBe('第五条');
    await ingest(s.config(await fakeModel()));
    const after = await top(s.config(undefined));
    expect(after).toMatchObject({ kind: 'regulation', article: '第五条' });
  });

  it('sends nothing the second time: every passage has questions or is in the ledger', async () => {
    const s = setup();
    const fake = await fakeModel();
    await ingest(s.config(fake));
    const sent = fake.chats().length;
    const { generation } = await ingest(s.config(fake));
    expect(fake.chats()).toHaveLength(sent);
    expect(generation).toMatchObject({ passages: 0, covered: sent });
  });

  it('never sends a passage again once staff removed all its questions (its hash stays in the ledger)', async () => {
    const s = setup();
    const fake = await fakeModel();
    await ingest(s.config(fake));
    const sent = fake.chats().length;
    const dog = lawLines(s.knowledgeDir).find((e) => e.data.q === '邻居家狗一直叫怎么办？')!;
    expect(runQuestionsCommand(['reject', `${dog.file}:${dog.line}`], s.knowledgeDir).exitCode).toBe(0);
    const { generation } = await ingest(s.config(fake));
    expect(fake.chats()).toHaveLength(sent);
    expect(generation).toMatchObject({ passages: 0, cached: 1 });
    // …and the index no longer holds it.
    const { kb } = await loadCore(s.config(fake), silentLogger);
    expect(kb.chunks.find((c) => c.article === '第六条')?.questions).toBeUndefined();
  });

  it('writes again for a passage whose text changed, replacing its pending questions but keeping approved ones', async () => {
    const s = setup();
    const fake = await fakeModel();
    await ingest(s.config(fake));
    const sent = fake.chats().length;
    const first = lawLines(s.knowledgeDir).find((e) => e.data.gold.some((g) => 'law' in g && g.article === '第三条'))!;
    runQuestionsCommand(['approve', `${first.file}:${first.line}`], s.knowledgeDir);
    fs.writeFileSync(s.lawFile, LAW.replace('三个工作日内答复', '五个工作日内答复'));

    const { generation } = await ingest(s.config(fake));
    expect(fake.chats()).toHaveLength(sent + 1);
    expect(articleOf(fake.requests.at(-1)!)).toBe('第三条');
    expect(generation).toMatchObject({ passages: 1, written: 1 });
    const article3 = lawLines(s.knowledgeDir).filter((e) => e.data.gold.some((g) => 'law' in g && g.article === '第三条'));
    expect(article3.map((e) => [e.data.q, e.data.review])).toEqual([
      ['楼上太吵了去哪里投诉？', 'approved'],
      ['楼上太吵了去哪里投诉？', 'pending'],
      ['投诉噪声多久能有回复？', 'pending'],
    ]);
    expect(new Set(article3.map((e) => e.data.hash)).size).toBe(2);
  });

  it('logs and skips a 500, a slow reply and a malformed one, finishes the ingest, and tries them again next time', async () => {
    const s = setup();
    const trouble: Record<string, FakeReply> = { 第二条: { status: 500 }, 第三条: { content: '1. 楼上太吵了去哪里投诉？', delayMs: 1500 }, 第四条: { content: '{"questions": 好的' } };
    let healthy = false;
    const fake = await fakeModel((request) => (!healthy && trouble[articleOf(request) ?? ''] ? trouble[articleOf(request) ?? '']! : answerFor(request)));
    const logs = captureLogs();
    const config = s.config(fake, { LLM_TIMEOUT_MS: '300', LLM_BREAKER_FAILURES: '10' });
    const { generation, stats } = await ingest(config, logs.logger);
    expect(generation).toMatchObject({ failed: 2, unusable: 1, skipped: 0 });
    expect(generation!.written).toBe(generation!.passages - 3);
    expect(stats.chunks).toBeGreaterThan(8);
    const why = logs.lines.filter((l) => l.msg === 'no questions written for a passage').map((l) => `${String(l.passage)}: ${String(l.reason)}`);
    expect(why).toEqual(expect.arrayContaining([
      expect.stringMatching(/第二条: model call failed: HTTP 500/u),
      expect.stringMatching(/第三条: model call failed: .*300 ms/u),
      expect.stringMatching(/第四条: no plausible question/u),
    ]));
    expect(generationLine(generation!)).toMatch(/2 failed, 1 without a usable question/u);

    healthy = true;
    const again = await ingest(config, logs.logger);
    expect(again.generation).toMatchObject({ passages: 3, written: 3 });
  });

  it('stops calling a dead provider (breaker) and still builds the index', async () => {
    const s = setup();
    const fake = await fakeModel(() => ({ status: 503 }));
    const { generation, stats } = await runIngest(s.config(fake, { LLM_BREAKER_FAILURES: '2', LLM_BREAKER_COOLDOWN_MS: '60000' }), silentLogger, { ...parseIngestArgs([]), concurrency: 1 });
    expect(generation).toMatchObject({ written: 0, failed: 2 });
    expect(generation!.skipped).toBe(generation!.passages - 2);
    expect(fake.chats()).toHaveLength(4); // two passages, one retry each
    expect(stats.regulations).toEqual([LAW_TITLE]);
    expect(fs.existsSync(path.join(generatedDir(s.knowledgeDir), LEDGER_FILE))).toBe(false);
  });

  it('does nothing of the kind without a model, or with --no-generate', async () => {
    const s = setup();
    expect((await ingest(s.config(undefined))).generation).toBeUndefined();
    const fake = await fakeModel();
    expect((await ingest(s.config(fake), silentLogger, ['--no-generate'])).generation).toBeUndefined();
    expect(fake.requests).toHaveLength(0);
    expect(fs.existsSync(generatedDir(s.knowledgeDir))).toBe(false);
  });

  it('writes for the newest version of a law only: a line names an article, and reaches the newest', async () => {
    const s = setup();
    fs.writeFileSync(path.join(path.dirname(s.lawFile), `${LAW_TITLE}(2020-01-01).txt`), LAW.replace('2024年3月1日', '2020年1月1日'));
    const fake = await fakeModel();
    const { generation } = await ingest(s.config(fake));
    expect(generation).toMatchObject({ unlinkable: 8 });
    expect(fake.chats().map((c) => articleOf((c as { request: RecordedRequest }).request)).filter(Boolean)).toHaveLength(8);
  });

  it('leaves passages that already have linked questions alone', async () => {
    const s = setup();
    fs.mkdirSync(path.join(s.knowledgeDir, 'linked-questions'), { recursive: true });
    fs.writeFileSync(path.join(s.knowledgeDir, 'linked-questions', 'staff.jsonl'), `${JSON.stringify({ q: '狗叫扰民咋办', gold: [{ law: LAW_TITLE, article: '第六条' }] })}\n`);
    const fake = await fakeModel();
    const { generation } = await ingest(s.config(fake));
    expect(generation).toMatchObject({ covered: 1 });
    expect(fake.chats().map((c) => articleOf((c as { request: RecordedRequest }).request))).not.toContain('第六条');
  });
});

describe('npm run questions', () => {
  async function generated(): Promise<Setup> {
    const s = setup();
    await ingest(s.config(await fakeModel()));
    return s;
  }

  it('review lists the questions by passage with their status, filtered by law and status', async () => {
    const s = await generated();
    const all = runQuestionsCommand(['review'], s.knowledgeDir);
    expect(all.exitCode).toBe(0);
    expect(all.stdout).toContain(`${LAW_TITLE} 第五条\n  ${LAW_TITLE}.jsonl:`);
    expect(all.stdout).toMatch(/pending\s+晚上工地吵得睡不着找谁管？/u);
    expect(all.stdout).toMatch(/2024年度报告 一、（一）/u);

    const law = runQuestionsCommand(['review', '--law', LAW_TITLE], s.knowledgeDir).stdout;
    expect(law).not.toContain('年度报告');
    expect(law).toMatch(/共 12 条：待审 12，已通过 0。/u);
    expect(runQuestionsCommand(['review', '--report', '2024'], s.knowledgeDir).stdout).not.toContain(`${LAW_TITLE} 第`);
  });

  it('approve marks one line or every pending one; --pending then lists none of them', async () => {
    const s = await generated();
    const night = lawLines(s.knowledgeDir).find((e) => e.data.q === '晚上工地吵得睡不着找谁管？')!;
    const before = fs.readFileSync(path.join(generatedDir(s.knowledgeDir), night.file), 'utf8').split('\n');
    expect(runQuestionsCommand(['approve', `generated/${night.file}:${night.line}`], s.knowledgeDir)).toMatchObject({ exitCode: 0, stdout: '已通过 1 条。\n' });
    const after = fs.readFileSync(path.join(generatedDir(s.knowledgeDir), night.file), 'utf8').split('\n');
    expect(after.filter((l, i) => l !== before[i])).toEqual([before[night.line - 1]!.replace('"review":"pending"', '"review":"approved"')]);
    expect(runQuestionsCommand(['review', '--pending'], s.knowledgeDir).stdout).not.toContain('晚上工地吵得睡不着找谁管');

    expect(runQuestionsCommand(['approve', '--all-pending', '--law', LAW_TITLE], s.knowledgeDir).stdout).toBe('已通过 11 条。\n');
    expect(runQuestionsCommand(['review', '--pending', '--law', LAW_TITLE], s.knowledgeDir).stdout).toBe('没有符合条件的生成问题。\n');
    expect(runQuestionsCommand(['review', '--pending'], s.knowledgeDir).stdout).toContain('年度报告');
  });

  it('reject removes lines, the later lines of the file moving up, and leaves the ledger', async () => {
    const s = await generated();
    const ledger = () => fs.readFileSync(path.join(generatedDir(s.knowledgeDir), LEDGER_FILE), 'utf8');
    const kept = ledger();
    const [a, b] = lawLines(s.knowledgeDir);
    const r = runQuestionsCommand(['reject', `${a!.file}:${a!.line}`, `${b!.file}:${b!.line}`], s.knowledgeDir);
    expect(r).toMatchObject({ exitCode: 0 });
    expect(r.stdout).toContain(a!.data.q);
    expect(lawLines(s.knowledgeDir).map((e) => e.data.q)).not.toContain(a!.data.q);
    expect(lawLines(s.knowledgeDir)).toHaveLength(10);
    expect(ledger()).toBe(kept);
  });

  it.each([
    [['reject', 'nope.jsonl:1'], 1, /不是一条生成的问题/u],
    [['reject', '示例.jsonl'], 1, /文件:行号/u],
    [['approve'], 2, /用法/u],
    [['approve', 'a.jsonl:1', '--all-pending'], 2, /用法/u],
    [['delete', 'a.jsonl:1'], 2, /用法/u],
    [['review', '--bogus'], 2, /用法/u],
  ])('%j fails with a message and writes nothing', async (args, code, message) => {
    const s = await generated();
    const before = readGenerated(s.knowledgeDir).entries.map((e) => e.raw);
    const r = runQuestionsCommand(args, s.knowledgeDir);
    expect(r.exitCode).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(readGenerated(s.knowledgeDir).entries.map((e) => e.raw)).toEqual(before);
  });
});
