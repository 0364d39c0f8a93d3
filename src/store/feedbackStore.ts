// Feedback (👍/👎) and unanswered questions, so staff can see where knowledge/ needs work.
import type { SqliteDatabase } from './sqlite.js';

export type Rating = 'up' | 'down';

export interface UnansweredEntry {
  answerId: string;
  question: string;
  channel: string;
  userHash: string | null;
  at?: Date;
}

export interface FeedbackEntry {
  answerId: string;
  rating: Rating;
  /** The question and answer as the conversation remembers them; null when it no longer does. */
  question: string | null;
  answerText: string | null;
  answered: boolean | null;
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

export function createFeedbackStore(db: SqliteDatabase): FeedbackStore {
  const insertUnanswered = db.prepare(
    'INSERT INTO unanswered (answer_id, question, channel, user_hash, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  const upsertFeedback = db.prepare(
    `INSERT INTO feedback (answer_id, rating, question, answer_text, answered, channel, user_hash, created_at)
     VALUES (@answerId, @rating, @question, @answerText, @answered, @channel, @userHash, @at)
     ON CONFLICT (answer_id, IFNULL(user_hash, '')) DO UPDATE SET
       rating = excluded.rating, created_at = excluded.created_at,
       question = COALESCE(excluded.question, feedback.question),
       answer_text = COALESCE(excluded.answer_text, feedback.answer_text),
       answered = COALESCE(excluded.answered, feedback.answered)`,
  );
  // Questions are grouped as typed (trimmed); near-duplicates stay apart, which is honest and cheap.
  const selectFrequent = db.prepare(
    `SELECT question, COUNT(*) AS count, MAX(created_at) AS lastAt FROM unanswered
     GROUP BY question ORDER BY count DESC, lastAt DESC LIMIT ?`,
  );
  const selectDownvoted = db.prepare(
    `SELECT answer_id, MAX(question) AS question, MAX(answer_text) AS answer_text, MAX(answered) AS answered,
            COUNT(*) AS down_votes, MAX(created_at) AS last_at
     FROM feedback WHERE rating = 'down' GROUP BY answer_id ORDER BY down_votes DESC, last_at DESC LIMIT ?`,
  );
  const selectCounts = db.prepare(
    `SELECT (SELECT COUNT(*) FROM unanswered) AS unanswered,
            (SELECT COUNT(*) FROM feedback WHERE rating = 'up') AS up,
            (SELECT COUNT(*) FROM feedback WHERE rating = 'down') AS down`,
  );

  return {
    recordUnanswered(e) {
      insertUnanswered.run(e.answerId, e.question.trim(), e.channel, e.userHash, (e.at ?? new Date()).toISOString());
    },
    recordFeedback(e) {
      upsertFeedback.run({
        answerId: e.answerId,
        rating: e.rating,
        question: e.question,
        answerText: e.answerText,
        answered: e.answered === null ? null : e.answered ? 1 : 0,
        channel: e.channel,
        userHash: e.userHash,
        at: (e.at ?? new Date()).toISOString(),
      });
    },
    frequentUnanswered(limit) {
      return selectFrequent.all(limit) as FrequentQuestion[];
    },
    downvotedAnswers(limit) {
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
      return selectCounts.get() as { unanswered: number; up: number; down: number };
    },
    close() {
      if (db.open) db.close();
    },
  };
}
