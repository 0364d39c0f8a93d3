// The model's instructions are prompts/ files (read by src/prompts.ts, the one loader): which ones the
// model layer uses and the placeholders each takes.
import { fillPrompt, loadPrompt } from '../prompts.js';

export { fillPrompt, loadPrompt, placeholders, PromptError, promptsDir } from '../prompts.js';

/** The prompt files the model layer uses and the placeholders each one takes. */
export const modelPrompts = {
  system: ['refusal'],
  answer: ['passages', 'history', 'question'],
  'follow-up': ['history', 'question'],
  'model-refusal': [],
  /** Questions a resident would ask that one passage answers (linked questions written at ingest). */
  'linked-questions': ['source', 'passage'],
} as const;

export type ModelPromptName = keyof typeof modelPrompts;
export type PromptValues<N extends ModelPromptName> = Record<(typeof modelPrompts)[N][number], string>;

/** Loads and fills one of the model prompts. */
export function renderPrompt<N extends ModelPromptName>(name: N, values: PromptValues<N>, dir?: string): string {
  return fillPrompt(loadPrompt(name, dir), values);
}
