// Feedback (👍/👎), unanswered questions and every question asked, so staff can see where knowledge/ needs work.
import type { SqliteDatabase } from './sqlite.js';

export type Rating = 'up' | 'down';

export interface UnansweredEntry {
  answerId: string;
  question: string;
  channel: string;
  userHash: string | null;
  at?: Date;
}

/** One question the bot answered or declined, as the staff console's overview counts it. */
export interface AskedEntry {
  answerId: string;
  question: string;
  channel: string;
  userHash: string | null;
  answered: boolean;
  /** What the first citation is about ("行政处罚法", "2023年报告·规范行政执法"); null without one. */
  topic: string | null;
  /** The first citation as people read it ("行政处罚法 第三十六条"); null without one. */
  cited: string | null;
  /** The reply, for declined questions (which decline was given); null for answered ones. */
  answerText: string | null;
  at?: Date;
}

export interface FeedbackEntry {
  answerId: string;
  rating: Rating;
  /** The question and answer as the conversation remembers them; null when it no longer does. */
  question: string | null;
  answerText: string | null;
  answered: boolean | null;
  /** The answer's first citation as people read it ("行政处罚法 第三十六条"), when known. */
  cited?: string | null;
  channel: string;
  userHash: string | null;
  at?: Date;
}

export interface FrequentQuestion {
  question: string;
  count: number;
  lastAt: string;
}

export interface RatedAnswer {
  answerId: string;
  question: string | null;
  answerText: string | null;
  answered: boolean | null;
  downVotes: number;
  lastAt: string;
}

export interface FeedbackStore {
  /**
   * Logs a question (a declined one is what frequentUnanswered counts). Written in batches (within
   * QUESTION_FLUSH_MS, one transaction), so the chat path pays for a push, not a write; every read here writes what
   * waits first.
   */
  recordQuestion(entry: AskedEntry): void;
  /** Writes the questions still waiting (readers of the same file call it before they read). */
  flush(): void;
  /** A declined question without the rest of what recordQuestion keeps (written at once). */
  recordUnanswered(entry: UnansweredEntry): void;
  recordFeedback(entry: FeedbackEntry): void;
  frequentUnanswered(limit: number): FrequentQuestion[];
  downvotedAnswers(limit: number): RatedAnswer[];
  counts(): { unanswered: number; up: number; down: number };
  close(): void;
}

interface RatedRow {
  answer_id: string;
  question: string | null;
  answer_text: string | null;
  answered: number | null;
  down_votes: number;
  last_at: string;
}

/** Questions wait at most this long before they are written (a crash loses at most this much of the log). */
export const QUESTION_FLUSH_MS = 250;
const QUESTION_BATCH = 500;

/** The date in China (UTC+8, no daylight saving), the day the district's staff count in. */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export interface FeedbackStoreOptions {
  /** Told when a batch of questions cannot be written (the batch is dropped; answering goes on). */
  onWriteError?: (error: unknown) => void;
}

export function createFeedbackStore(db: SqliteDatabase, options: FeedbackStoreOptions = {}): FeedbackStore {
  const insertQuestion = db.prepare(
    `INSERT INTO questions (answer_id, question, channel, user_hash, answered, topic, cited, answer_text, created_at, day)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const upsertFeedback = db.prepare(
    `INSERT INTO feedback (answer_id, rating, question, answer_text, answered, cited, channel, user_hash, created_at)
     VALUES (@answerId, @rating, @question, @answerText, @answered, @cited, @channel, @userHash, @at)
     ON CONFLICT (answer_id, IFNULL(user_hash, '')) DO UPDATE SET
       rating = excluded.rating, created_at = excluded.created_at,
       question = COALESCE(excluded.question, feedback.question),
       answer_text = COALESCE(excluded.answer_text, feedback.answer_text),
       answered = COALESCE(excluded.answered, feedback.answered),
       cited = COALESCE(excluded.cited, feedback.cited)`,
  );
  // Unanswered questions are the declined rows of the question log. Grouped as typed (trimmed): near-duplicates
  // stay apart here, which is honest and cheap (the staff console groups them).
  const selectFrequent = db.prepare(
    `SELECT question, COUNT(*) AS count, MAX(created_at) AS lastAt FROM questions WHERE answered = 0
     GROUP BY question ORDER BY count DESC, lastAt DESC LIMIT ?`,
  );
  const selectDownvoted = db.prepare(
    `SELECT answer_id, MAX(question) AS question, MAX(answer_text) AS answer_text, MAX(answered) AS answered,
            COUNT(*) AS down_votes, MAX(created_at) AS last_at
     FROM feedback WHERE rating = 'down' GROUP BY answer_id ORDER BY down_votes DESC, last_at DESC LIMIT ?`,
  );
  const selectCounts = db.prepare(
    `SELECT (SELECT COUNT(*) FROM questions WHERE answered = 0) AS unanswered,
            (SELECT COUNT(*) FROM feedback WHERE rating = 'up') AS up,
            (SELECT COUNT(*) FROM feedback WHERE rating = 'down') AS down`,
  );

  let waiting: AskedEntry[] = [];
  let timer: NodeJS.Timeout | undefined;
  const writeBatch = db.transaction((batch: AskedEntry[]) => {
    for (const e of batch) {
      const at = e.at ?? new Date();
      const iso = at.toISOString();
      insertQuestion.run(e.answerId, e.question.trim(), e.channel, e.userHash, e.answered ? 1 : 0, e.topic, e.cited, e.answerText, iso, chinaDay(at));
    }
  });
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (waiting.length === 0) return;
    const batch = waiting;
    waiting = [];
    try {
      writeBatch(batch);
    } catch (error) {
      if (!options.onWriteError) throw error;
      options.onWriteError(error);
    }
  };
  const flushSoon = () => {
    try {
      flush();
    } catch {
      // Without onWriteError the batch is dropped quietly here; a reader's flush would have thrown.
    }
  };

  return {
    recordQuestion(e) {
      waiting.push(e.at ? e : { ...e, at: new Date() });
      if (waiting.length >= QUESTION_BATCH) flushSoon();
      else if (!timer) {
        timer = setTimeout(flushSoon, QUESTION_FLUSH_MS);
        timer.unref();
      }
    },
    flush,
    recordUnanswered(e) {
      flush();
      const at = e.at ?? new Date();
      insertQuestion.run(e.answerId, e.question.trim(), e.channel, e.userHash, 0, null, null, null, at.toISOString(), chinaDay(at));
    },
    recordFeedback(e) {
      upsertFeedback.run({
        answerId: e.answerId,
        rating: e.rating,
        question: e.question,
        answerText: e.answerText,
        answered: e.answered === null ? null : e.answered ? 1 : 0,
        cited: e.cited ?? null,
        channel: e.channel,
        userHash: e.userHash,
        at: (e.at ?? new Date()).toISOString(),
      });
    },
    frequentUnanswered(limit) {
      flush();
      return selectFrequent.all(limit) as FrequentQuestion[];
    },
    downvotedAnswers(limit) {
      flush();
      return (selectDownvoted.all(limit) as RatedRow[]).map((r) => ({
        answerId: r.answer_id,
        question: r.question,
        answerText: r.answer_text,
        answered: r.answered === null ? null : r.answered === 1,
        downVotes: r.down_votes,
        lastAt: r.last_at,
      }));
    },
    counts() {
      flush();
      return selectCounts.get() as { unanswered: number; up: number; down: number };
    },
    close() {
      if (db.open) {
        flushSoon();
        db.close();
      }
    },
  };
}
