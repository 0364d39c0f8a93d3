// Two or three follow-up questions that the knowledge base can answer, drawn from what was just cited.
import type { Answer, Report } from '../domain.js';
import { cnToInt, intToCn } from '../knowledge/numerals.js';

export function suggestFollowUps(answer: Answer, reports: readonly Report[], asked: string): string[] {
  const out: string[] = [];
  const top = answer.citations[0];
  if (top?.kind === 'regulation' && top.article) {
    const short = top.title.replace(/^中华人民共和国/, '');
    const n = cnToInt(top.article.match(/^第(.+?)条/)?.[1] ?? '');
    if (n) out.push(`《${short}》第${intToCn(n + 1)}条讲什么？`);
    out.push(`开发区在落实《${short}》方面做了哪些工作？`);
  }
  if (top?.kind === 'report' && top.year) {
    const report = reports.find((r) => r.year === top.year);
    // Another figure from the same section, asked as staff would ask it.
    const other = report?.figures.find((f) => f.section === top.section && !asked.includes(f.label) && f.label.length <= 14 && !top.text.includes(f.sentence));
    if (other) out.push(`${other.label}是多少？`);
    const topic = top.section?.match(/（[一二三四五六七八九十]+）(.{2,12}?)[，,]/)?.[1];
    if (topic) out.push(`${top.year}年在“${topic}”方面还做了哪些工作？`);
    if (report && report.plans.length) out.push(`${report.plans[0]!.forYear}年有什么安排？`);
  }
  if (out.length < 2) out.push('我被罚款了不服怎么办？', '法律援助要不要花钱？');
  return [...new Set(out)].filter((s) => s !== asked).slice(0, 3);
}
