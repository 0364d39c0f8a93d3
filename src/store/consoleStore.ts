// The staff console's side of feedback.sqlite: figures per day and topic over the question log, the declined and
// 👎 questions to review, and the console's own records — questions marked "correctly declined", and the audit
// log of every link, unlink and mark with its time and the hashed staff identity.
// Days are China dates (UTC+8, the `day` column); a range is two such dates, both included.
import type { SqliteDatabase } from './sqlite.js';

export interface DayRange {
  /** YYYY-MM-DD, China date, included. */
  from: string;
  /** YYYY-MM-DD, China date, included. */
  to: string;
}

export interface DayFigures {
  day: string;
  questions: number;
  answered: number;
  declined: number;
  /** 👎 votes cast that day (on any answer). */
  down: number;
}

export interface TopicCount {
  topic: string;
  count: number;
}

export interface DeclinedQuestion {
  question: string;
  count: number;
  lastAt: string;
  /** The reply people got (the latest, when several). */
  answerText: string | null;
}

export interface DownvotedQuestion {
  answerId: string;
  question: string;
  downVotes: number;
  lastAt: string;
  answerText: string | null;
  answered: boolean | null;
  /** The first citation of that answer, kept with the vote. */
  cited: string | null;
}

export interface ReviewMark {
  id: number;
  questionKey: string;
  question: string;
  note: string;
  staffHash: string;
  createdAt: string;
}

export type AuditAction = 'link' | 'unlink' | 'mark' | 'unmark';

export interface AuditEntry {
  id: number;
  at: string;
  staffHash: string;
  action: AuditAction;
  question: string;
  /** What the question was linked to (the link's gold, as JSON text), when the action is about a link. */
  target: string | null;
  /** The link's id or the mark's id. */
  ref: string | null;
  note: string | null;
}

export interface ConsoleStore {
  days(range: DayRange): DayFigures[];
  topics(range: DayRange, limit: number): TopicCount[];
  declined(range: DayRange, limit: number): DeclinedQuestion[];
  downvoted(range: DayRange, limit: number): DownvotedQuestion[];
  marks(): ReviewMark[];
  addMark(mark: Omit<ReviewMark, 'id' | 'createdAt'>): ReviewMark;
  /** Withdraws a mark; undefined when there is no such mark (or it was withdrawn already). */
  removeMark(id: number): ReviewMark | undefined;
  audit(limit: number): AuditEntry[];
  logAudit(entry: Omit<AuditEntry, 'id' | 'at'> & { at?: Date }): AuditEntry;
}

/** Every day of the range, oldest first (days without questions are zeros, so charts show the gaps). */
export function daysOf(range: DayRange): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${range.from}T00:00:00Z`), end = Date.parse(`${range.to}T00:00:00Z`); t <= end; t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/** The range's bounds as instants, for tables that keep only created_at (feedback). */
function instants(range: DayRange): [string, string] {
  const start = Date.parse(`${range.from}T00:00:00+08:00`);
  const end = Date.parse(`${range.to}T00:00:00+08:00`) + 86_400_000;
  return [new Date(start).toISOString(), new Date(end).toISOString()];
}

interface MarkRow {
  id: number;
  question_key: string;
  question: string;
  note: string;
  staff_hash: string;
  created_at: string;
}

interface AuditRow {
  id: number;
  at: string;
  staff_hash: string;
  action: AuditAction;
  question: string;
  target: string | null;
  ref: string | null;
  note: string | null;
}

const markOf = (r: MarkRow): ReviewMark => ({ id: r.id, questionKey: r.question_key, question: r.question, note: r.note, staffHash: r.staff_hash, createdAt: r.created_at });
const auditOf = (r: AuditRow): AuditEntry => ({ id: r.id, at: r.at, staffHash: r.staff_hash, action: r.action, question: r.question, target: r.target, ref: r.ref, note: r.note });

/**
 * @param beforeRead writes what the question log still holds in memory (FeedbackStore.flush), so what was asked a
 *   moment ago is counted.
 */
export function createConsoleStore(db: SqliteDatabase, beforeRead: () => void = () => undefined): ConsoleStore {
  const perDay = db.prepare(
    `SELECT day, COUNT(*) AS questions, SUM(answered) AS answered FROM questions
     WHERE day BETWEEN ? AND ? GROUP BY day`,
  );
  // Votes are counted on the day they were cast (created_at, turned into the China date).
  const downPerDay = db.prepare(
    `SELECT date(created_at, '+8 hours') AS day, COUNT(*) AS down FROM feedback
     WHERE rating = 'down' AND created_at >= ? AND created_at < ? GROUP BY day`,
  );
  const topTopics = db.prepare(
    `SELECT topic, COUNT(*) AS count FROM questions
     WHERE day BETWEEN ? AND ? AND answered = 1 AND topic IS NOT NULL
     GROUP BY topic ORDER BY count DESC, topic LIMIT ?`,
  );
  const declinedQuestions = db.prepare(
    // With one MAX() in the query, SQLite takes the bare columns (created_at, answer_text) from that row: the latest.
    `SELECT question, COUNT(*) AS count, MAX(id) AS lastId, created_at AS lastAt, answer_text AS answerText
     FROM questions WHERE day BETWEEN ? AND ? AND answered = 0
     GROUP BY question ORDER BY count DESC, lastId DESC LIMIT ?`,
  );
  const downvotedAnswers = db.prepare(
    `SELECT f.answer_id AS answerId, MAX(f.question) AS question, COUNT(*) AS downVotes, MAX(f.created_at) AS lastAt,
            MAX(f.answer_text) AS answerText, MAX(f.answered) AS answered, MAX(f.cited) AS cited
     FROM feedback f WHERE f.rating = 'down' AND f.question IS NOT NULL AND f.created_at >= ? AND f.created_at < ?
     GROUP BY f.answer_id ORDER BY downVotes DESC, lastAt DESC LIMIT ?`,
  );
  const activeMarks = db.prepare('SELECT id, question_key, question, note, staff_hash, created_at FROM review_marks WHERE removed_at IS NULL ORDER BY id');
  const insertMark = db.prepare('INSERT INTO review_marks (question_key, question, note, staff_hash, created_at) VALUES (?, ?, ?, ?, ?)');
  const markById = db.prepare('SELECT id, question_key, question, note, staff_hash, created_at FROM review_marks WHERE id = ? AND removed_at IS NULL');
  const withdrawMark = db.prepare('UPDATE review_marks SET removed_at = ? WHERE id = ? AND removed_at IS NULL');
  const insertAudit = db.prepare('INSERT INTO review_audit (at, staff_hash, action, question, target, ref, note) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const latestAudit = db.prepare('SELECT id, at, staff_hash, action, question, target, ref, note FROM review_audit ORDER BY id DESC LIMIT ?');

  return {
    days(range) {
      beforeRead();
      const byDay = new Map(
        (perDay.all(range.from, range.to) as { day: string; questions: number; answered: number }[]).map((r) => [r.day, r]),
      );
      const down = new Map((downPerDay.all(...instants(range)) as { day: string; down: number }[]).map((r) => [r.day, r.down]));
      return daysOf(range).map((day) => {
        const r = byDay.get(day);
        const questions = r?.questions ?? 0;
        const answered = r?.answered ?? 0;
        return { day, questions, answered, declined: questions - answered, down: down.get(day) ?? 0 };
      });
    },
    topics(range, limit) {
      beforeRead();
      return topTopics.all(range.from, range.to, limit) as TopicCount[];
    },
    declined(range, limit) {
      beforeRead();
      return (declinedQuestions.all(range.from, range.to, limit) as (DeclinedQuestion & { lastId?: number })[]).map(({ lastId: _lastId, ...r }) => r);
    },
    downvoted(range, limit) {
      beforeRead();
      return (downvotedAnswers.all(...instants(range), limit) as (Omit<DownvotedQuestion, 'answered'> & { answered: number | null })[]).map((r) => ({
        ...r,
        answered: r.answered === null ? null : r.answered === 1,
      }));
    },
    marks() {
      return (activeMarks.all() as MarkRow[]).map(markOf);
    },
    addMark(m) {
      const createdAt = new Date().toISOString();
      const info = insertMark.run(m.questionKey, m.question, m.note, m.staffHash, createdAt);
      return { ...m, id: Number(info.lastInsertRowid), createdAt };
    },
    removeMark(id) {
      const row = markById.get(id) as MarkRow | undefined;
      if (!row) return undefined;
      withdrawMark.run(new Date().toISOString(), id);
      return markOf(row);
    },
    audit(limit) {
      return (latestAudit.all(limit) as AuditRow[]).map(auditOf);
    },
    logAudit(e) {
      const at = (e.at ?? new Date()).toISOString();
      const info = insertAudit.run(at, e.staffHash, e.action, e.question, e.target, e.ref, e.note);
      return { id: Number(info.lastInsertRowid), at, staffHash: e.staffHash, action: e.action, question: e.question, target: e.target, ref: e.ref, note: e.note };
    },
  };
}
