// Every prompt the model layer sends is filled completely, and filling is strict both ways.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerMessages, followUpMessages, systemPrompt } from '../../../src/answer/model/messages.js';
import { fillPrompt, loadPrompt, modelPrompts, placeholders, PromptError, promptsDir, renderPrompt } from '../../../src/answer/prompts.js';
import { extractive, passages } from './passages.js';

describe('model prompts', () => {
  it.each(Object.keys(modelPrompts) as (keyof typeof modelPrompts)[])('prompts/%s.md uses exactly the placeholders the code fills', (name) => {
    const text = fs.readFileSync(path.join(promptsDir, `${name}.md`), 'utf8');
    expect(placeholders(text).sort()).toEqual([...modelPrompts[name]].sort());
    expect(text).toMatch(/[\u4e00-\u9fff]/);
  });

  it('leaves no placeholder unfilled in any message sent to the model', () => {
    const history = [{ question: '2023年学法几次？', answer: extractive }];
    const texts = [...answerMessages('那宣传资料呢？', passages, history), ...followUpMessages(history, '那宣传资料呢？')].map((m) => String(m.content));
    texts.push(systemPrompt());
    for (const t of texts) expect(t).not.toMatch(/\{\{|\}\}/);
    expect(texts[0]).toContain(loadPrompt('model-refusal'));
  });

  it('throws on a placeholder without a value and on a value without a placeholder', () => {
    expect(() => fillPrompt('问：{{question}}', {})).toThrow(PromptError);
    expect(() => fillPrompt('问：{{question}}', { question: 'x', extra: 'y' })).toThrow(/extra/);
  });

  it('inserts values verbatim, never expanding placeholders inside them', () => {
    expect(fillPrompt('{{a}}|{{b}}', { a: '{{b}}', b: '2' })).toBe('{{b}}|2');
  });

  it('reads each file once', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prompts-'));
    fs.writeFileSync(path.join(dir, 'follow-up.md'), '一 {{history}} {{question}}');
    expect(renderPrompt('follow-up', { history: 'h', question: 'q' }, dir)).toBe('一 h q');
    fs.writeFileSync(path.join(dir, 'follow-up.md'), '二 {{history}} {{question}}');
    expect(renderPrompt('follow-up', { history: 'h', question: 'q' }, dir)).toBe('一 h q');
    fs.rmSync(dir, { recursive: true });
  });
});
