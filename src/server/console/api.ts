// The console's JSON API (behind the session gate of index.ts): the overview and its CSV, the failures to review
// grouped by near-duplicates, the knowledge base search, linking a question to a passage (and undoing it),
// marking a question "correctly declined", the audit log, and the state of the index rebuild.
import type { Request, Response, Server } from 'restify';
import type { Chunk } from '../../domain.js';
import { badRequest, HttpError, isRecord, readJsonBody, route } from '../../http/json.js';
import type { LinkTarget } from '../../knowledge/linked-questions.js';
import type { StaffLink, StaffLinksFile } from '../../knowledge/staff-links.js';
import { maskPersonalData } from '../../mask.js';
import { chinaDay } from '../../store/feedbackStore.js';
import type { AuditEntry, DayRange } from '../../store/consoleStore.js';
import { CONSOLE_BODY_LIMIT, sessionOf, type ConsoleDeps } from './context.js';
import { linkTargetFor, targetLabel } from './link-target.js';
import { groupNearDuplicates, questionKey, type Asked } from './near-duplicates.js';
import { MAX_QUESTION_CHARS } from '../../limits.js';

const DEFAULT_DAYS = 30;
const MAX_DAYS = 366;
const MAX_GROUPS = 200;
const MAX_NOTE_CHARS = 500;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function query(req: Request): URLSearchParams {
  return new URL(req.url ?? '/', 'http://x').searchParams;
}

function isDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  // "2026-02-30" parses (as 2 March) or not at all, depending on the engine: either way it is not that date.
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s;
}

/** ?from=YYYY-MM-DD&to=YYYY-MM-DD (China dates, both included); default the last 30 days up to today. */
export function parseRange(params: URLSearchParams, today: string): DayRange {
  const to = params.get('to') || today;
  const from = params.get('from') || new Date(Date.parse(`${to}T00:00:00Z`) - (DEFAULT_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
  if (!isDate(from) || !isDate(to)) throw badRequest('invalid_date', '日期格式应为 YYYY-MM-DD。');
  if (from > to) throw badRequest('invalid_range', '开始日期不能晚于结束日期。');
  if ((Date.parse(to) - Date.parse(from)) / 86_400_000 + 1 > MAX_DAYS) throw badRequest('range_too_long', `日期范围最长 ${MAX_DAYS} 天。`);
  return { from, to };
}

function text(body: Record<string, unknown>, field: string, max: number, required = true): string | undefined {
  const value = body[field];
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '' && !required)) {
    if (required) throw badRequest(`missing_${field}`, `缺少 ${field}。`);
    return undefined;
  }
  if (typeof value !== 'string' || value.trim() === '') throw badRequest(`invalid_${field}`, `${field} 须为非空字符串。`);
  if (value.trim().length > max) throw badRequest(`${field}_too_long`, `${field} 请控制在 ${max} 字以内。`);
  return value.trim();
}

async function jsonBody(req: Request): Promise<Record<string, unknown>> {
  const body = await readJsonBody(req, CONSOLE_BODY_LIMIT);
  if (!isRecord(body)) throw badRequest('invalid_body', '请求内容须为 JSON 对象。');
  return body;
}

function passageView(c: Chunk, score?: number) {
  return {
    id: c.id,
    kind: c.kind,
    title: c.title,
    law: c.shortTitle ?? null,
    article: c.article ?? null,
    chapter: c.chapter ?? null,
    year: c.year ?? null,
    section: c.section ?? null,
    text: c.text,
    linkedQuestions: c.questions?.length ?? 0,
    ...(score === undefined ? {} : { score: Math.round(score * 1000) / 1000 }),
  };
}

const linkView = (l: StaffLink, staffHash: string) => ({
  id: l.id,
  question: l.q,
  targets: l.gold.map(targetLabel),
  by: l.by ?? null,
  mine: l.by === staffHash,
  at: l.at ?? null,
  note: l.note ?? null,
});

function csvCell(value: string | number): string {
  const s = String(value);
  // A cell a spreadsheet would read as a formula is quoted as text.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const optionalMasked = (s: string | undefined) => (s === undefined ? undefined : maskPersonalData(s));

const share = (n: number, of: number) => (of === 0 ? 0 : Math.round((n / of) * 1000) / 10);

export function registerConsoleApi(server: Server, deps: ConsoleDeps & { links: StaffLinksFile }): void {
  const { core, store, rebuilds, links, logger } = deps;
  const now = deps.now ?? Date.now;
  const today = () => chinaDay(new Date(now()));

  /** Work on the links file for a change; a file or folder that cannot be read or written is said so, without its path. */
  const linksFile = async <T>(work: () => T | Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof Error && error.name === 'ZodError') throw new HttpError(422, 'invalid_link', '这条关联的格式无效，未保存。');
      logger.error({ err: error, file: links.file }, 'staff console: the links file could not be written');
      throw new HttpError(500, 'links_not_writable', '无法保存：知识库目录不可写，详见服务日志。');
    }
  };

  const overview = (range: DayRange) => {
    const days = store.days(range);
    const totals = days.reduce(
      (t, d) => ({ questions: t.questions + d.questions, answered: t.answered + d.answered, declined: t.declined + d.declined, down: t.down + d.down }),
      { questions: 0, answered: 0, declined: 0, down: 0 },
    );
    return { range, days, totals, topics: store.topics(range, 10) };
  };

  server.get(
    '/admin/api/overview',
    route(logger, async (req: Request, res: Response) => {
      res.send(200, overview(parseRange(query(req), today())));
    }),
  );

  server.get(
    '/admin/api/overview.csv',
    route(logger, async (req: Request, res: Response) => {
      const range = parseRange(query(req), today());
      const { days } = overview(range);
      const rows = [
        ['日期', '提问数', '已回答', '未能回答', '点踩', '回答率%', '未答率%', '点踩率%'],
        ...days.map((d) => [d.day, d.questions, d.answered, d.declined, d.down, share(d.answered, d.questions), share(d.declined, d.questions), share(d.down, d.questions)]),
      ];
      // A BOM, so spreadsheet programs read the Chinese headings as UTF-8.
      const body = `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
      res.writeHead(200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="overview-${range.from}-${range.to}.csv"`,
        'Content-Length': Buffer.byteLength(body),
      });
      res.end(body);
    }),
  );

  server.get(
    '/admin/api/failures',
    route(logger, async (req: Request, res: Response) => {
      const params = query(req);
      const range = parseRange(params, today());
      const status = params.get('status') || 'open';
      if (!['open', 'linked', 'marked', 'all'].includes(status)) throw badRequest('invalid_status', 'status 须为 open、linked、marked 或 all。');
      const filter = (params.get('q') ?? '').trim().slice(0, 100);
      const staffHash = sessionOf(req).staffHash;

      type Item = { kind: 'declined' | 'down'; lastAt: string; answerText: string | null; cited: string | null };
      const asked: Asked<Item>[] = [
        ...store.declined(range, 5_000).map((d) => ({ question: d.question, count: d.count, item: { kind: 'declined' as const, lastAt: d.lastAt, answerText: d.answerText, cited: null } })),
        ...store.downvoted(range, 1_000).map((d) => ({ question: d.question, count: d.downVotes, item: { kind: 'down' as const, lastAt: d.lastAt, answerText: d.answerText, cited: d.cited } })),
      ];
      const linksByKey = new Map<string, StaffLink[]>();
      for (const l of links.list()) {
        const key = questionKey(l.q);
        (linksByKey.get(key) ?? linksByKey.set(key, []).get(key)!).push(l);
      }
      const marks = store.marks();
      const groups = groupNearDuplicates(asked).map((g) => {
        const keys = new Set(g.members.map((m) => questionKey(m.question)));
        const groupLinks = [...keys].flatMap((k) => linksByKey.get(k) ?? []);
        const groupMarks = marks.filter((m) => keys.has(m.questionKey));
        const answers = new Map<string, { kind: string; text: string | null; cited: string | null }>();
        for (const m of g.members) {
          const k = `${m.item.kind}\u0000${m.item.answerText ?? ''}`;
          if (!answers.has(k) && answers.size < 3) answers.set(k, { kind: m.item.kind, text: m.item.answerText, cited: m.item.cited });
        }
        return {
          key: g.key,
          question: g.question,
          count: g.count,
          declined: g.members.filter((m) => m.item.kind === 'declined').reduce((n, m) => n + m.count, 0),
          down: g.members.filter((m) => m.item.kind === 'down').reduce((n, m) => n + m.count, 0),
          lastAt: g.members.map((m) => m.item.lastAt).sort().at(-1) ?? null,
          variants: g.members.slice(0, 20).map((m) => ({ question: m.question, count: m.count, kind: m.item.kind })),
          answers: [...answers.values()],
          status: groupLinks.length ? 'linked' : groupMarks.length ? 'marked' : 'open',
          links: groupLinks.map((l) => linkView(l, staffHash)),
          marks: groupMarks.map((m) => ({ id: m.id, note: m.note, at: m.createdAt, mine: m.staffHash === staffHash })),
        };
      });
      const wanted = groups.filter((g) => (status === 'all' || g.status === status) && (!filter || g.variants.some((v) => v.question.includes(filter))));
      const sort = params.get('sort') === 'recent' ? 'recent' : 'count';
      if (sort === 'recent') wanted.sort((a, b) => (b.lastAt ?? '').localeCompare(a.lastAt ?? ''));
      res.send(200, {
        range,
        counts: { open: groups.filter((g) => g.status === 'open').length, linked: groups.filter((g) => g.status === 'linked').length, marked: groups.filter((g) => g.status === 'marked').length },
        total: wanted.length,
        groups: wanted.slice(0, MAX_GROUPS),
      });
    }),
  );

  server.get(
    '/admin/api/search',
    route(logger, async (req: Request, res: Response) => {
      const params = query(req);
      const q = (params.get('q') ?? '').trim();
      if (!q) throw badRequest('missing_q', '请输入要搜索的内容。');
      if (q.length > 200) throw badRequest('q_too_long', '搜索内容请控制在 200 字以内。');
      const k = Number(params.get('k') ?? 10);
      if (!Number.isInteger(k) || k < 1 || k > 30) throw badRequest('invalid_k', 'k 须为 1–30 的整数。');
      const hits = await core.search(q, k);
      res.send(200, { passages: hits.map((h) => passageView(h.chunk, h.score)) });
    }),
  );

  // How the bot answers a question now (the core, not logged as a resident's question): shown after a rebuild.
  server.get(
    '/admin/api/answer',
    route(logger, async (req: Request, res: Response) => {
      const q = (query(req).get('q') ?? '').trim();
      if (!q) throw badRequest('missing_q', '请输入问题。');
      if (q.length > MAX_QUESTION_CHARS) throw badRequest('q_too_long', `问题请控制在 ${MAX_QUESTION_CHARS} 字以内。`);
      const answer = await core.answer(q);
      res.send(200, { ...answer, indexBuiltAt: core.stats().indexBuiltAt });
    }),
  );

  server.get(
    '/admin/api/links',
    route(logger, async (req: Request, res: Response) => {
      const staffHash = sessionOf(req).staffHash;
      res.send(200, { links: links.list().reverse().map((l) => linkView(l, staffHash)) });
    }),
  );

  server.post(
    '/admin/api/links',
    route(logger, async (req: Request, res: Response) => {
      const session = sessionOf(req);
      const body = await jsonBody(req);
      // Questions come from the masked log, but staff may edit them: nothing personal reaches knowledge/.
      const question = maskPersonalData(text(body, 'question', MAX_QUESTION_CHARS)!);
      const passageId = text(body, 'passageId', 200)!;
      const note = optionalMasked(text(body, 'note', MAX_NOTE_CHARS, false));
      const chunk = core.passage(passageId);
      if (!chunk) throw new HttpError(404, 'unknown_passage', '找不到这段内容，索引可能已经更新，请重新搜索。');
      const target = linkTargetFor(chunk, core.reports());
      if (!target) throw new HttpError(422, 'unlinkable_passage', '这段内容无法关联（没有条文编号或可引用的原文）。');
      const key = questionKey(question);
      const same = (g: LinkTarget) => JSON.stringify(g) === JSON.stringify(target);
      if ((await linksFile(() => links.list())).some((l) => questionKey(l.q) === key && l.gold.some(same))) {
        throw new HttpError(409, 'already_linked', '这个问题已经关联到这段内容。');
      }
      const link = await linksFile(() => links.append({ q: question, gold: [target], by: session.staffHash, at: new Date(now()).toISOString(), ...(note ? { note } : {}) }));
      store.logAudit({ staffHash: session.staffHash, action: 'link', question, target: JSON.stringify(target), ref: link.id, note: note ?? null });
      const generation = rebuilds.request();
      logger.info({ staff: session.staffHash, link: link.id, target: targetLabel(target), generation }, 'staff console: question linked; rebuilding the index');
      res.send(201, { link: linkView(link, session.staffHash), passage: passageView(chunk), rebuild: { generation } });
    }),
  );

  server.del(
    '/admin/api/links/:id',
    route(logger, async (req: Request, res: Response) => {
      const session = sessionOf(req);
      const id = String((req.params as Record<string, unknown> | undefined)?.id ?? '');
      if (!/^[\w-]{1,64}$/.test(id)) throw badRequest('invalid_id', '链接编号无效。');
      const removed = await linksFile(() => links.remove(id));
      if (!removed) throw new HttpError(404, 'unknown_link', '没有这条关联（可能已被撤销）。');
      store.logAudit({ staffHash: session.staffHash, action: 'unlink', question: removed.q, target: JSON.stringify(removed.gold[0] ?? null), ref: removed.id, note: null });
      const generation = rebuilds.request();
      logger.info({ staff: session.staffHash, link: removed.id, generation }, 'staff console: link undone; rebuilding the index');
      res.send(200, { removed: linkView(removed, session.staffHash), rebuild: { generation } });
    }),
  );

  server.post(
    '/admin/api/marks',
    route(logger, async (req: Request, res: Response) => {
      const session = sessionOf(req);
      const body = await jsonBody(req);
      const question = maskPersonalData(text(body, 'question', MAX_QUESTION_CHARS)!);
      const note = maskPersonalData(text(body, 'note', MAX_NOTE_CHARS)!);
      const mark = store.addMark({ questionKey: questionKey(question), question, note, staffHash: session.staffHash });
      store.logAudit({ staffHash: session.staffHash, action: 'mark', question, target: null, ref: String(mark.id), note });
      res.send(201, { mark: { id: mark.id, question: mark.question, note: mark.note, at: mark.createdAt, mine: true } });
    }),
  );

  server.del(
    '/admin/api/marks/:id',
    route(logger, async (req: Request, res: Response) => {
      const session = sessionOf(req);
      const id = Number((req.params as Record<string, unknown> | undefined)?.id);
      if (!Number.isInteger(id) || id <= 0) throw badRequest('invalid_id', '标记编号无效。');
      const removed = store.removeMark(id);
      if (!removed) throw new HttpError(404, 'unknown_mark', '没有这条标记（可能已被撤销）。');
      store.logAudit({ staffHash: session.staffHash, action: 'unmark', question: removed.question, target: null, ref: String(id), note: removed.note });
      res.send(200, { removed: { id, question: removed.question } });
    }),
  );

  server.get(
    '/admin/api/audit',
    route(logger, async (req: Request, res: Response) => {
      const staffHash = sessionOf(req).staffHash;
      const limit = Number(query(req).get('limit') ?? 100);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw badRequest('invalid_limit', 'limit 须为 1–1000 的整数。');
      const liveLinks = new Set(links.list().map((l) => l.id));
      const liveMarks = new Set(store.marks().map((m) => String(m.id)));
      const view = (e: AuditEntry) => {
        const target = e.target ? (JSON.parse(e.target) as LinkTarget | null) : null;
        // Undo applies to what is still in force: a link still in the file, a mark not withdrawn.
        const undoable = (e.action === 'link' && liveLinks.has(e.ref ?? '')) || (e.action === 'mark' && liveMarks.has(e.ref ?? ''));
        return { id: e.id, at: e.at, staff: e.staffHash, mine: e.staffHash === staffHash, action: e.action, question: e.question, target: target ? targetLabel(target) : null, ref: e.ref, note: e.note, undoable };
      };
      res.send(200, { entries: store.audit(limit).map(view) });
    }),
  );

  server.get(
    '/admin/api/index',
    route(logger, async (_req: Request, res: Response) => {
      res.send(200, rebuilds.status());
    }),
  );
}
