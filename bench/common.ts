// What the HTTP benchmarks share: the development questions, a free loopback port, a process's memory.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The same helper the process tests use.
export { freePort } from '../test/helpers/ports.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The questions of ../shared/eval/dev-questions.jsonl (shared/ sits beside the repo). */
export function devQuestions(): string[] {
  const file = path.resolve(repoRoot, '../shared/eval/dev-questions.jsonl');
  if (!fs.existsSync(file)) throw new Error(`dev questions not found at ${file} (shared/ must sit beside the repo)`);
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { q: string }).q);
}

/** Resident set and its high-water mark (VmHWM) of a process, in MB, from /proc (Linux). */
export function memoryOf(pid: number): { rss: number; peak: number } | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'))?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}
