// Texts people and models read live in prompts/ (Chinese, one file each) so staff can read and tune them
// without touching code: the one loader of that folder, for the answer core and the bot alike. Each file
// is read once. Filling is strict both ways: a {{placeholder}} left without a value, or a value the
// template never asks for, is a bug that must fail loudly rather than send a text with a hole in it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const promptsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../prompts');

export class PromptError extends Error {}

const PLACEHOLDER = /\{\{\s*([\w-]+)\s*\}\}/g;
const cache = new Map<string, string>();

/** The text of prompts/NAME.md (trimmed), read from disk the first time only. */
export function loadPrompt(name: string, dir: string = promptsDir): string {
  const file = path.join(dir, `${name}.md`);
  let text = cache.get(file);
  if (text === undefined) {
    text = fs.readFileSync(file, 'utf8').trim();
    cache.set(file, text);
  }
  return text;
}

/** The placeholder names a template uses, in order of first appearance. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/**
 * Replaces every {{name}} in one pass, so a value that itself contains "{{…}}" (a passage, a
 * question) is inserted verbatim and never expanded.
 */
export function fillPrompt(template: string, values: Record<string, string>): string {
  const used = placeholders(template);
  const missing = used.filter((n) => values[n] === undefined);
  if (missing.length) throw new PromptError(`prompt placeholder(s) without a value: ${missing.map((n) => `{{${n}}}`).join(', ')}`);
  const unknown = Object.keys(values).filter((n) => !used.includes(n));
  if (unknown.length) throw new PromptError(`value(s) for placeholder(s) the prompt does not have: ${unknown.join(', ')}`);
  return template.replace(PLACEHOLDER, (_m, n: string) => values[n]!);
}
