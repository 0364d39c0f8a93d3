// The Answer as a person reads it in a terminal: text with [n] markers, then numbered sources.
import type { Answer } from '../domain.js';

export function renderAnswerText(a: Answer): string {
  const lines = [a.answer];
  if (a.table) {
    lines.push('', a.table.columns.join(' | '), ...a.table.rows.map((r) => r.join(' | ')));
  }
  if (a.citations.length) {
    lines.push('', '来源：');
    a.citations.forEach((c, i) => {
      const where = c.kind === 'regulation' ? `《${c.title}》${c.article ?? ''}` : `${c.title}${c.section ? ` ${c.section}` : ''}`;
      lines.push(`[${i + 1}] ${where}`, `    ${c.text.length > 160 ? c.text.slice(0, 160) + '……' : c.text}`);
    });
  }
  if (a.suggestions.length) lines.push('', '您还可以问：', ...a.suggestions.map((s) => `· ${s}`));
  return lines.join('\n');
}
