// The staff's linked questions: knowledge/linked-questions/staff.jsonl, written by the staff console, one line per
// link in the format of linked-questions.ts plus an `id` (so a link can be undone) and who made it and when.
// Reviewable data: a link is a line in a text file under version control, not a row hidden in a database.
// Writes are serialised and atomic (a temporary file renamed over the old one), so an index build that reads
// the file at the same moment sees the whole of either version, never half a line.
import { randomBytes, createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LINKED_DIR, STAFF_LINKS_FILE, linkedQuestionSchema, type LinkedQuestionLine } from './linked-questions.js';

export interface StaffLink extends LinkedQuestionLine {
  /** Stable id of the line: written with it; a line added by hand without one gets a hash of its text. */
  id: string;
}

export function staffLinksPath(knowledgeDir: string): string {
  return path.join(knowledgeDir, LINKED_DIR, STAFF_LINKS_FILE);
}

function parseLines(text: string): { links: StaffLink[]; raw: { id: string; line: string }[] } {
  const links: StaffLink[] = [];
  const raw: { id: string; line: string }[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      json = undefined;
    }
    const given = typeof json === 'object' && json !== null && typeof (json as { id?: unknown }).id === 'string' ? (json as { id: string }).id : undefined;
    const id = given ?? `h-${createHash('sha256').update(line.trim()).digest('hex').slice(0, 12)}`;
    // A line that does not parse is kept as it is (someone edited the file by hand), never dropped by a rewrite.
    raw.push({ id, line });
    const parsed = linkedQuestionSchema.safeParse(json);
    if (parsed.success) links.push({ ...parsed.data, id });
  }
  return { links, raw };
}

export class StaffLinksFile {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  static in(knowledgeDir: string): StaffLinksFile {
    return new StaffLinksFile(staffLinksPath(knowledgeDir));
  }

  /** Every valid line, in file order (oldest first). */
  list(): StaffLink[] {
    return parseLines(this.read()).links;
  }

  /** Adds a line (validated as the index will read it); resolves with the line as written. */
  append(line: LinkedQuestionLine): Promise<StaffLink> {
    return this.serial(() => {
      const checked = linkedQuestionSchema.parse(line);
      const link: StaffLink = { id: `s-${randomBytes(6).toString('hex')}`, ...checked };
      const text = this.read();
      const sep = text === '' || text.endsWith('\n') ? '' : '\n';
      this.write(`${text}${sep}${JSON.stringify(link)}\n`);
      return link;
    });
  }

  /** Removes the line with this id; resolves with it, or undefined when there is none. */
  remove(id: string): Promise<StaffLink | undefined> {
    return this.serial(() => {
      const { links, raw } = parseLines(this.read());
      const found = links.find((l) => l.id === id);
      if (!found) return undefined;
      const kept = raw.filter((r) => r.id !== id).map((r) => `${r.line}\n`);
      this.write(kept.join(''));
      return found;
    });
  }

  private read(): string {
    try {
      return fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw err;
    }
  }

  private write(text: string): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      fs.writeFileSync(tmp, text);
      fs.renameSync(tmp, this.file);
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw err;
    }
  }

  private serial<T>(work: () => T): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
