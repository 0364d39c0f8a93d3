// One SQLite file under DATA_DIR for what the bot learns from people: feedback and unanswered questions.
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
