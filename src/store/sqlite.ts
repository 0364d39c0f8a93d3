// One SQLite file under DATA_DIR for what the bot learns from people: feedback, the questions asked (masked), and
// the staff console's decisions.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type SqliteDatabase = Database.Database;

const MIGRATIONS: string[] = [
  `CREATE TABLE IF NOT EXISTS unanswered (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     answer_id TEXT NOT NULL,
     question TEXT NOT NULL,
     channel TEXT NOT NULL,
     user_hash TEXT,
     created_at TEXT NOT NULL
   );
   CREATE INDEX IF NOT EXISTS unanswered_question ON unanswered(question);
   CREATE TABLE IF NOT EXISTS feedback (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     answer_id TEXT NOT NULL,
     rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
     question TEXT,
     answer_text TEXT,
     answered INTEGER,
     channel TEXT NOT NULL,
     user_hash TEXT,
     created_at TEXT NOT NULL
   );
   -- One vote per person and answer: a second click changes the vote instead of counting twice.
   CREATE UNIQUE INDEX IF NOT EXISTS feedback_vote ON feedback(answer_id, IFNULL(user_hash, ''));`,
  // 2: every question (answered too), for the staff console's overview; the console's marks and audit log.
  // `day` is the date in China (UTC+8), the day staff count in. Declined questions logged before come along;
  // `unanswered` is no longer written (declines are rows of `questions`) but stays, so the previous version still
  // starts on this file. No index on answer_id: random ids cost 4× per insert (the 👎's citation is kept with the vote).
  `CREATE TABLE IF NOT EXISTS questions (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     answer_id TEXT NOT NULL,
     question TEXT NOT NULL,
     channel TEXT NOT NULL,
     user_hash TEXT,
     answered INTEGER NOT NULL,
     topic TEXT,
     cited TEXT,
     answer_text TEXT,
     created_at TEXT NOT NULL,
     day TEXT NOT NULL
   );
   CREATE INDEX IF NOT EXISTS questions_day ON questions(day, answered, topic);
   INSERT INTO questions (answer_id, question, channel, user_hash, answered, created_at, day)
     SELECT answer_id, question, channel, user_hash, 0, created_at, date(created_at, '+8 hours') FROM unanswered;
   ALTER TABLE feedback ADD COLUMN cited TEXT;
   CREATE INDEX IF NOT EXISTS feedback_created ON feedback(created_at);
   CREATE TABLE IF NOT EXISTS review_marks (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     question_key TEXT NOT NULL,
     question TEXT NOT NULL,
     note TEXT NOT NULL,
     staff_hash TEXT NOT NULL,
     created_at TEXT NOT NULL,
     removed_at TEXT
   );
   CREATE INDEX IF NOT EXISTS review_marks_key ON review_marks(question_key);
   CREATE TABLE IF NOT EXISTS review_audit (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at TEXT NOT NULL,
     staff_hash TEXT NOT NULL,
     action TEXT NOT NULL CHECK (action IN ('link', 'unlink', 'mark', 'unmark')),
     question TEXT NOT NULL,
     target TEXT,
     ref TEXT,
     note TEXT
   );`,
];

/** Opens (and creates or migrates) the database file; `:memory:` works for tests. */
export function openDatabase(file: string): SqliteDatabase {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  // WAL keeps the chat path from waiting on the report CLI reading the same file.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 2000');
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v] ?? '');
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return db;
}

export function feedbackDatabasePath(dataDir: string): string {
  return path.join(dataDir, 'feedback.sqlite');
}
