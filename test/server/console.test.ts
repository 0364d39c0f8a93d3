// The staff console's HTTP side against the real app: nothing under /admin without a session (nothing at all
// without ADMIN_TOKEN), CSRF refused when forged or missing, sign-ins rate limited, bad input refused with a JSON
// error, the loop from a declined question to a linked one and back, and the overview over 10,000 questions.
import fs from 'node:fs';
import nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerService } from '../../src/answer/service.js';
import type { Config } from '../../src/config.js';
import { staffLinksPath } from '../../src/knowledge/staff-links.js';
import { ask, cites, knowledgeCopy, pickDeclined, seedQuestions, signIn, waitForRebuild, type ConsoleSession } from '../helpers/console.js';
import { appConfig, realService, repoRoot, startApp, type RunningApp } from './harness.js';

const TOKEN = 'console-test-token-5b1d0c';
let config: Config;
let service: AnswerService;
let running: RunningApp;
let staff: ConsoleSession;

beforeAll(async () => {
  config = appConfig({ ADMIN_TOKEN: TOKEN, KNOWLEDGE_DIR: knowledgeCopy(), TRUST_PROXY: 'true', RATE_LIMIT_PER_MIN: '0' });
  service = await realService(config);
  running = await startApp(config, service);
  staff = await signIn(running.baseUrl, TOKEN, '测试员');
});

afterAll(async () => {
  await running?.close();
});

const url = (p: string) => `${running.baseUrl}${p}`;

/** Every route registered under /admin, with parameters filled in. */
function adminRoutes(app: RunningApp): { method: string; path: string }[] {
  const routes = (app.app.server as unknown as { router: { getRoutes(): Record<string, { method: string; path: string }> } }).router.getRoutes();
  return Object.values(routes)
    .filter((r) => r.path === '/admin' || r.path.startsWith('/admin/'))
    .map((r) => ({ method: r.method.toUpperCase(), path: r.path.replace(/:\w+/g, '1') }));
}

const PAGE = new Set(['/admin', '/admin/', '/admin/console.js', '/admin/console.css']);

describe('access', () => {
  it('answers 401 on every /admin API route without a session, existing or not; the page and its files are static', async () => {
    const routes = adminRoutes(running);
    expect(routes.length).toBeGreaterThanOrEqual(18);
    const probes = [
      ...routes,
      { method: 'GET', path: '/admin/api/no-such-route' },
      { method: 'POST', path: '/admin/api/no-such-route' },
      { method: 'DELETE', path: '/admin/api/links' },
      { method: 'GET', path: '/admin/api/../api/overview' },
    ];
    for (const { method, path } of probes) {
      const res = await fetch(url(path), { method, headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.9.0.1' }, ...(method === 'POST' ? { body: '{"token":"guess"}' } : {}) });
      const body = await res.text();
      if (PAGE.has(path) && method === 'GET') {
        expect(res.status, path).toBe(200);
        // The page holds no data: it is the file in web/admin/, and fetches everything from the API after sign-in.
        const file = path.endsWith('.js') ? 'console.js' : path.endsWith('.css') ? 'console.css' : 'index.html';
        expect(body).toBe(fs.readFileSync(nodePath.join(repoRoot, 'web', 'admin', file), 'utf8'));
      } else if (path === '/admin/reindex') {
        // The bearer route keeps its own rule.
        expect(res.status, path).toBe(401);
      } else if (path === '/admin/api/session' && method === 'POST') {
        expect(res.status, path).toBe(401);
        expect(JSON.parse(body)).toEqual({ error: 'wrong_token', message: '令牌不正确。' });
      } else {
        expect([401], `${method} ${path}`).toContain(res.status);
        expect(JSON.parse(body), `${method} ${path}`).toEqual({ error: 'unauthorized', message: '请先登录。' });
      }
    }
    // A cookie that names no session (forged, expired, from before a restart) is no session.
    const forged = await fetch(url('/admin/api/overview'), { headers: { cookie: 'qd_console=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } });
    expect(forged.status).toBe(401);
  });

  it('answers 404 on every /admin route while ADMIN_TOKEN is empty', async () => {
    const offConfig = appConfig({ ADMIN_TOKEN: '', KNOWLEDGE_DIR: config.knowledgeDir });
    const off = await startApp(offConfig, service);
    try {
      for (const { method, path } of [...adminRoutes(running), { method: 'GET', path: '/admin/api/overview' }, { method: 'POST', path: '/admin/api/session' }, { method: 'GET', path: '/admin/x' }]) {
        const res = await fetch(`${off.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(method === 'POST' ? { body: JSON.stringify({ token: '' }) } : {}) });
        expect(res.status, `${method} ${path}`).toBe(404);
      }
    } finally {
      await off.close();
    }
  });

  it('serves the page under a CSP that allows no inline code and no framing', async () => {
    const res = await fetch(url('/admin'));
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const api = await fetch(url('/admin/api/overview'), { headers: staff.headers });
    expect(api.headers.get('cache-control')).toBe('no-store');
  });

  it('signs in for an HttpOnly, SameSite=Strict session cookie with an expiry; signs out', async () => {
    const res = await fetch(url('/admin/api/session'), { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.9.0.2' }, body: JSON.stringify({ token: TOKEN }) });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^qd_console=[\w-]{43}; Path=\/admin; Max-Age=28800; HttpOnly; SameSite=Strict$/);
    const body = (await res.json()) as { csrf: string; expiresAt: string; staff: { name: string | null; id: string } };
    expect(body.staff.name).toBeNull();
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(7.9 * 3_600_000);
    const session = { cookie: cookie.split(';')[0]!, 'x-csrf-token': body.csrf };
    expect((await fetch(url('/admin/api/session'), { headers: session })).status).toBe(200);
    const out = await fetch(url('/admin/api/session'), { method: 'DELETE', headers: session });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^qd_console=; Path=\/admin; Max-Age=0;/);
    expect((await fetch(url('/admin/api/session'), { headers: session })).status).toBe(401);
  });

  it('rate limits wrong tokens per client with 429 and Retry-After, the right token too while limited', async () => {
    const attempt = (token: string, client: string) =>
      fetch(url('/admin/api/session'), { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': client }, body: JSON.stringify({ token }) });
    for (let i = 0; i < 5; i++) expect((await attempt(`wrong-${i}`, '10.9.1.1')).status).toBe(401);
    const limited = await attempt('wrong-again', '10.9.1.1');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(500);
    expect((await limited.json()) as unknown).toMatchObject({ error: 'too_many_attempts' });
    expect((await attempt(TOKEN, '10.9.1.1')).status).toBe(429);
    expect((await attempt(TOKEN, '10.9.1.2')).status).toBe(200);
  });
});

describe('CSRF', () => {
  const changes = () => [
    { method: 'POST', path: '/admin/api/links', body: { question: '问题', passageId: 'x' } },
    { method: 'DELETE', path: '/admin/api/links/s-000000000000' },
    { method: 'POST', path: '/admin/api/marks', body: { question: '问题', note: '说明' } },
    { method: 'DELETE', path: '/admin/api/marks/1' },
    { method: 'DELETE', path: '/admin/api/session' },
  ];

  it.each([
    ['missing', (s: ConsoleSession) => ({ cookie: s.cookie })],
    ['forged', (s: ConsoleSession) => ({ cookie: s.cookie, 'x-csrf-token': `${s.csrf.slice(0, -2)}xx` })],
    ['another session\'s', (_s: ConsoleSession, other: ConsoleSession) => ({ cookie: _s.cookie, 'x-csrf-token': other.csrf })],
    ['right, but from another site (Origin)', (s: ConsoleSession) => ({ ...s.headers, origin: 'https://evil.example' })],
    ['right, but cross-site (Sec-Fetch-Site)', (s: ConsoleSession) => ({ ...s.headers, 'sec-fetch-site': 'cross-site' })],
  ])('refuses every state-changing request with a %s token: 403, nothing changed', async (_name, headersOf) => {
    const other = await signIn(running.baseUrl, TOKEN);
    const audit = async () => ((await (await fetch(url('/admin/api/audit'), { headers: { cookie: staff.cookie } })).json()) as { entries: unknown[] }).entries.length;
    const before = await audit();
    for (const c of changes()) {
      const res = await fetch(url(c.path), { method: c.method, headers: { 'content-type': 'application/json', ...headersOf(staff, other) }, ...(c.body ? { body: JSON.stringify(c.body) } : {}) });
      expect(res.status, `${c.method} ${c.path}`).toBe(403);
      expect(await res.json()).toEqual({ error: 'csrf', message: '请求校验失败，请刷新页面后重试。' });
    }
    expect(await audit()).toBe(before);
    expect((await fetch(url('/admin/api/session'), { headers: { cookie: staff.cookie } })).status).toBe(200);
  });

  it('refuses a sign-in posted from another site', async () => {
    const res = await fetch(url('/admin/api/session'), { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example', 'x-forwarded-for': '10.9.2.1' }, body: JSON.stringify({ token: TOKEN }) });
    expect(res.status).toBe(403);
  });

  it('gives other sites no CORS on /admin', async () => {
    const pre = await fetch(url('/admin/api/links'), { method: 'OPTIONS', headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' } });
    expect(pre.status).toBe(403);
    const get = await fetch(url('/admin/api/overview'), { headers: { origin: 'http://localhost:5173', cookie: staff.cookie } });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('bad input', () => {
  it.each([
    ['GET', '/admin/api/overview?from=2026-13-01', 'invalid_date'],
    ['GET', '/admin/api/overview?from=2026-02-30&to=2026-03-01', 'invalid_date'],
    ['GET', '/admin/api/overview?from=2026-03-02&to=2026-03-01', 'invalid_range'],
    ['GET', '/admin/api/overview?from=2020-01-01&to=2026-03-01', 'range_too_long'],
    ['GET', '/admin/api/failures?status=everything', 'invalid_status'],
    ['GET', '/admin/api/search', 'missing_q'],
    ['GET', '/admin/api/search?q=%E7%BD%9A&k=1000', 'invalid_k'],
    ['GET', '/admin/api/answer', 'missing_q'],
    ['GET', '/admin/api/audit?limit=-1', 'invalid_limit'],
    ['POST', '/admin/api/links', 'missing_question', {}],
    ['POST', '/admin/api/links', 'invalid_question', { question: 7, passageId: 'x' }],
    ['POST', '/admin/api/links', 'unknown_passage', { question: '问题', passageId: 'no-such-passage' }],
    ['POST', '/admin/api/links', 'invalid_body', '[1]'],
    ['POST', '/admin/api/links', 'invalid_json', '{"question":'],
    ['POST', '/admin/api/marks', 'missing_note', { question: '问题' }],
    ['POST', '/admin/api/marks', 'note_too_long', { question: '问题', note: '长'.repeat(501) }],
    ['DELETE', '/admin/api/links/..%2F..%2Fetc', 'invalid_id'],
    ['DELETE', '/admin/api/links/s-ffffffffffff', 'unknown_link'],
    ['DELETE', '/admin/api/marks/abc', 'invalid_id'],
    ['DELETE', '/admin/api/marks/999999', 'unknown_mark'],
  ])('%s %s → %s', async (method, path, code, body?: unknown) => {
    const res = await fetch(url(path), {
      method,
      headers: { 'content-type': 'application/json', ...staff.headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const json = (await res.json()) as { error: string; message: string };
    expect(json.error).toBe(code);
    expect(json.message).toMatch(/\p{Script=Han}/u);
    expect(JSON.stringify(json)).not.toMatch(/Error|at \/|\.ts/);
  });
});

describe('from a declined question to an answer and back', () => {
  it('lists the declined question; a link makes the bot answer it from that article after the rebuild; undo brings the decline back', async () => {
    const c = await pickDeclined(running.baseUrl);
    await ask(running.baseUrl, `${c.q}？`);
    const failures = (await (await fetch(url(`/admin/api/failures?q=${encodeURIComponent(c.q)}`), { headers: staff.headers })).json()) as {
      groups: { question: string; count: number; status: string; answers: { kind: string; text: string }[] }[];
    };
    const group = failures.groups.find((g) => g.question === c.q || g.question === `${c.q}？`)!;
    expect(group).toMatchObject({ count: 2, status: 'open' });
    expect(group.answers[0]).toMatchObject({ kind: 'declined' });
    expect(group.answers[0]!.text).toMatch(/12348/);

    const search = (await (await fetch(url(`/admin/api/search?q=${encodeURIComponent(`${c.law} ${c.article}`)}`), { headers: staff.headers })).json()) as {
      passages: { id: string; law: string; article: string }[];
    };
    const passage = search.passages.find((p) => p.law === c.law && p.article === c.article)!;
    expect(passage).toBeDefined();
    const linked = await fetch(url('/admin/api/links'), { method: 'POST', headers: { 'content-type': 'application/json', ...staff.headers }, body: JSON.stringify({ question: c.q, passageId: passage.id }) });
    expect(linked.status).toBe(201);
    const { link, rebuild } = (await linked.json()) as { link: { id: string; by: string; at: string }; rebuild: { generation: number } };
    const line = JSON.parse(fs.readFileSync(staffLinksPath(config.knowledgeDir), 'utf8').trim()) as Record<string, unknown>;
    expect(line).toEqual({ id: link.id, q: c.q, gold: [{ law: c.law, article: c.article }], by: link.by, at: link.at });
    expect(link.by).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(line)).not.toContain('测试员');

    const again = await fetch(url('/admin/api/links'), { method: 'POST', headers: { 'content-type': 'application/json', ...staff.headers }, body: JSON.stringify({ question: c.q, passageId: passage.id }) });
    expect(again.status).toBe(409);

    await waitForRebuild(running.baseUrl, staff, rebuild.generation);
    const answered = await ask(running.baseUrl, c.q);
    expect(answered.answered).toBe(true);
    expect(cites(answered, c)).toBe(true);
    const statusNow = (await (await fetch(url(`/admin/api/failures?status=linked&q=${encodeURIComponent(c.q)}`), { headers: staff.headers })).json()) as { groups: { status: string }[] };
    expect(statusNow.groups[0]?.status).toBe('linked');

    const undone = await fetch(url(`/admin/api/links/${link.id}`), { method: 'DELETE', headers: staff.headers });
    expect(undone.status).toBe(200);
    await waitForRebuild(running.baseUrl, staff, ((await undone.json()) as { rebuild: { generation: number } }).rebuild.generation);
    expect((await ask(running.baseUrl, c.q)).answered).toBe(false);
    expect(fs.readFileSync(staffLinksPath(config.knowledgeDir), 'utf8')).toBe('');

    const audit = (await (await fetch(url('/admin/api/audit'), { headers: staff.headers })).json()) as { entries: { action: string; staff: string; at: string; mine: boolean; target: string; undoable: boolean }[] };
    expect(audit.entries.slice(0, 2).map((e) => [e.action, e.target, e.mine, e.undoable])).toEqual([
      ['unlink', `${c.law} ${c.article}`, true, false],
      ['link', `${c.law} ${c.article}`, true, false],
    ]);
    expect(audit.entries[0]!.staff).toBe(link.by);
  });

  it('lists a 👎 answer with the answer given and what it cited', async () => {
    const res = await fetch(url('/api/chat'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: '法律援助要不要花钱？' }) });
    const answer = (await res.json()) as { answered: boolean; answer: string; conversationId: string; answerId: string; citations: { title: string; article?: string }[] };
    expect(answer.answered).toBe(true);
    const vote = await fetch(url('/api/feedback'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ conversationId: answer.conversationId, answerId: answer.answerId, rating: 'down' }) });
    expect(vote.status).toBe(204);
    const failures = (await (await fetch(url(`/admin/api/failures?q=${encodeURIComponent('法律援助要不要花钱')}`), { headers: staff.headers })).json()) as {
      groups: { question: string; down: number; declined: number; answers: { kind: string; text: string; cited: string }[] }[];
    };
    const group = failures.groups[0]!;
    expect(group).toMatchObject({ question: '法律援助要不要花钱？', down: 1, declined: 0 });
    expect(group.answers[0]).toEqual({ kind: 'down', text: answer.answer, cited: `${answer.citations[0]!.title.replace('中华人民共和国', '')} ${answer.citations[0]!.article}` });
  });

  it('marks a question "correctly declined" with a note, and withdraws the mark; both in the audit log', async () => {
    await ask(running.baseUrl, '怎么办理护照');
    const res = await fetch(url('/admin/api/marks'), { method: 'POST', headers: { 'content-type': 'application/json', ...staff.headers }, body: JSON.stringify({ question: '怎么办理护照？', note: '出入境业务，不在知识库；请拨打 12345' }) });
    expect(res.status).toBe(201);
    const { mark } = (await res.json()) as { mark: { id: number } };
    const marked = (await (await fetch(url('/admin/api/failures?status=marked'), { headers: staff.headers })).json()) as { groups: { question: string; marks: { note: string }[] }[] };
    expect(marked.groups.find((g) => g.question === '怎么办理护照')?.marks[0]?.note).toMatch(/出入境/);
    expect((await fetch(url(`/admin/api/marks/${mark.id}`), { method: 'DELETE', headers: staff.headers })).status).toBe(200);
    const audit = (await (await fetch(url('/admin/api/audit?limit=2'), { headers: staff.headers })).json()) as { entries: { action: string }[] };
    expect(audit.entries.map((e) => e.action)).toEqual(['unmark', 'mark']);
  });
});

describe('a knowledge folder that cannot be written', () => {
  it('says so with a 500 and a fixed message, and writes nothing', async () => {
    const dir = knowledgeCopy();
    fs.mkdirSync(staffLinksPath(dir), { recursive: true });
    const broken = await startApp(appConfig({ ADMIN_TOKEN: TOKEN, KNOWLEDGE_DIR: dir }), service);
    try {
      const s = await signIn(broken.baseUrl, TOKEN);
      const passage = (await service.search('行政处罚法 第三十六条', 5))[0]!.chunk;
      const res = await fetch(`${broken.baseUrl}/admin/api/links`, { method: 'POST', headers: { 'content-type': 'application/json', ...s.headers }, body: JSON.stringify({ question: '问题', passageId: passage.id }) });
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: 'links_not_writable', message: '无法保存：知识库目录不可写，详见服务日志。' });
      expect(fs.readdirSync(staffLinksPath(dir))).toEqual([]);
    } finally {
      await broken.close();
    }
  });
});

describe('personal data', () => {
  it('is masked in what staff type into a link or a mark, before it reaches knowledge/ or the audit log', async () => {
    const passage = (await service.search('行政处罚法 第三十六条', 5)).find((h) => h.chunk.article === '第三十六条')!.chunk;
    const res = await fetch(url('/admin/api/links'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...staff.headers },
      body: JSON.stringify({ question: '我手机13812345678，两年前的事还罚吗', passageId: passage.id }),
    });
    expect(res.status).toBe(201);
    const { link, rebuild } = (await res.json()) as { link: { id: string }; rebuild: { generation: number } };
    expect(fs.readFileSync(staffLinksPath(config.knowledgeDir), 'utf8')).toContain('"q":"我手机[手机号]，两年前的事还罚吗"');
    const undo = await fetch(url(`/admin/api/links/${link.id}`), { method: 'DELETE', headers: staff.headers });
    await waitForRebuild(running.baseUrl, staff, Math.max(rebuild.generation, ((await undo.json()) as { rebuild: { generation: number } }).rebuild.generation));
    const mark = await fetch(url('/admin/api/marks'), { method: 'POST', headers: { 'content-type': 'application/json', ...staff.headers }, body: JSON.stringify({ question: '身份证110101199003071234丢了', note: '回电 13812345678' }) });
    expect(((await mark.json()) as { mark: { question: string; note: string } }).mark).toMatchObject({ question: '身份证[身份证号]丢了', note: '回电 [手机号]' });
    const audit = JSON.stringify(await (await fetch(url('/admin/api/audit'), { headers: staff.headers })).json());
    expect(audit).not.toMatch(/13812345678|110101199003071234/);
  });
});

describe('the overview with 10,000 logged questions', () => {
  it('loads in well under a second, from the real store, and exports the same figures as CSV', async () => {
    seedQuestions(running.app.feedback, 10_000);
    await ask(running.baseUrl, '法律援助要不要花钱？');
    const timed = async (path: string) => {
      const started = performance.now();
      const res = await fetch(url(path), { headers: staff.headers });
      const text = await res.text();
      return { ms: performance.now() - started, status: res.status, text };
    };
    // Once to warm the statements, then measured.
    await timed('/admin/api/overview');
    const overview = await timed('/admin/api/overview');
    const failures = await timed('/admin/api/failures');
    console.log(`overview with 10,000 questions: ${overview.ms.toFixed(0)} ms; failures (grouped): ${failures.ms.toFixed(0)} ms`);
    expect(overview.status).toBe(200);
    expect(failures.status).toBe(200);
    expect(overview.ms + failures.ms).toBeLessThan(1000);

    const o = JSON.parse(overview.text) as { totals: { questions: number; answered: number; declined: number; down: number }; days: { day: string; questions: number }[]; topics: { topic: string; count: number }[] };
    expect(o.days).toHaveLength(30);
    expect(o.totals.questions).toBeGreaterThanOrEqual(10_000);
    expect(o.totals.answered + o.totals.declined).toBe(o.totals.questions);
    expect(o.totals.down).toBeGreaterThan(0);
    expect(o.topics).toHaveLength(10);
    const today = o.days.at(-1)!;
    expect(today.questions).toBeGreaterThanOrEqual(1);

    const csvRes = await fetch(url('/admin/api/overview.csv'), { headers: staff.headers });
    expect(csvRes.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csvRes.headers.get('content-disposition')).toMatch(/^attachment; filename="overview-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = Buffer.from(await csvRes.arrayBuffer());
    // A byte-order mark first, so spreadsheet programs read the Chinese headings as UTF-8.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toBe('日期,提问数,已回答,未能回答,点踩,回答率%,未答率%,点踩率%');
    expect(lines).toHaveLength(31);
    expect(lines.slice(1).reduce((n, l) => n + Number(l.split(',')[1]), 0)).toBe(o.totals.questions);
  });
});
