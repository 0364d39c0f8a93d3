// The fixed texts people read (welcome, help, about, apology, thanks) live in prompts/ so staff can edit
// them without touching code. Read once, by the one prompts loader (src/prompts.ts); a placeholder
// left unfilled is a bug, so fill() throws.
import { loadPrompt, promptsDir } from '../prompts.js';

export interface BotTexts {
  welcome: string;
  /** Tappable questions under the welcome, may hold placeholders. */
  welcomeQuestions: string[];
  help: string;
  about: string;
  error: string;
  feedbackUp: string;
  feedbackDown: string;
}

const read = (dir: string, file: string): string => loadPrompt(file.replace(/\.md$/u, ''), dir);

export function loadBotTexts(dir: string = promptsDir): BotTexts {
  return {
    welcome: read(dir, 'welcome.md'),
    welcomeQuestions: read(dir, 'welcome-questions.md')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#')),
    help: read(dir, 'help.md'),
    about: read(dir, 'about.md'),
    error: read(dir, 'error.md'),
    feedbackUp: read(dir, 'feedback-up.md'),
    feedbackDown: read(dir, 'feedback-down.md'),
  };
}

export class UnfilledPlaceholderError extends Error {}

/** Replaces {{name}} with values[name]; throws when the template names a value it was not given. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, name: string) => {
    const value = values[name];
    if (value === undefined) throw new UnfilledPlaceholderError(`prompt placeholder {{${name}}} has no value`);
    return String(value);
  });
}
