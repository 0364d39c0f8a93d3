// Paths tests share: the repo root, its knowledge folder, and the development data beside the repo.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const knowledgeDir = path.join(repoRoot, 'knowledge');
/** The 15 official texts (never committed): CI puts ../shared beside the checkout. */
export const lawsDir = path.resolve(repoRoot, '../shared/knowledge-sources/regulations');
export const devQuestions = path.resolve(repoRoot, '../shared/eval/dev-questions.jsonl');

export function tempDir(prefix = 'qd-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
