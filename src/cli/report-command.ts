// The staff report tool without its process: parses arguments, looks up, renders a table or CSV.
// report.ts wires it to argv, the config and stdout; tests call it directly.
import type { Report } from '../domain.js';
import {
  FIGURE_COLUMNS,
  MEASURE_COLUMNS,
  PLAN_COLUMNS,
  figureRows,
  findReport,
  matchSections,
  measureRows,
  measuresIn,
  planRows,
  reportYears,
  sectionLabels,
  sectionTree,
  type SectionNode,
} from '../knowledge/report/index.js';

export const USAGE = [
  '用法: npm run report -- <命令> [年度] [选项]',
  '  figures  2023 [--csv]                  数据表（每个数字、单位、所指内容和原句）',
  '  measures 2023 [--section 部分] [--csv]  工作措施，可按部分筛选（如 --section "一、（七）"）',
  '  plans    2023 [--csv]                  下一年度安排',
  '  sections 2023                          章节目录',
  '年度省略时用最新一年。CSV 为 UTF-8（带 BOM，便于 Excel 打开）。',
].join('\n');

export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

const COMMANDS = ['figures', 'measures', 'plans', 'sections'] as const;
type Command = (typeof COMMANDS)[number];

interface ParsedArgs {
  command: Command;
  year?: number;
  csv: boolean;
  section?: string;
}

function parseArgs(args: readonly string[]): ParsedArgs | undefined {
  const rest: string[] = [];
  let csv = false;
  let section: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--csv') csv = true;
    else if (a === '--section') section = args[++i];
    else if (a.startsWith('--section=')) section = a.slice('--section='.length);
    else rest.push(a);
  }
  const [command, year, ...extra] = rest;
  if (!COMMANDS.includes(command as Command) || extra.length > 0) return undefined;
  if (year !== undefined && !/^\d{4}$/u.test(year)) return undefined;
  return { command: command as Command, csv, ...(year ? { year: Number(year) } : {}), ...(section ? { section } : {}) };
}

/** Display width in a terminal: CJK and full-width characters take two columns. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return w;
}

function clip(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  let out = '';
  for (const ch of text) {
    if (displayWidth(out + ch) > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

/** A plain-text table, columns padded by display width; long cells cut (the CSV keeps them whole). */
export function renderTable(columns: readonly string[], rows: readonly (readonly string[])[], maxCell = 48): string {
  const cells = [columns, ...rows].map((r) => r.map((c) => clip(c.replace(/\s+/gu, ' '), maxCell)));
  const widths = columns.map((_, i) => Math.max(...cells.map((r) => displayWidth(r[i] ?? ''))));
  const line = (r: readonly string[]) => r.map((c, i) => c + ' '.repeat((widths[i] ?? 0) - displayWidth(c))).join('  ').trimEnd();
  const [head, ...body] = cells;
  return [line(head ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** RFC 4180 CSV with a UTF-8 BOM, so Excel shows the Chinese text. */
export function renderCsv(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const field = (v: string) => (/[",\r\n]/u.test(v) ? `"${v.replace(/"/gu, '""')}"` : v);
  return `\uFEFF${[columns, ...rows].map((r) => r.map(field).join(',')).join('\r\n')}\r\n`;
}

function renderTree(nodes: readonly SectionNode[]): string {
  return nodes.flatMap((n) => [n.section, ...n.children.map((c) => `  ${c.section}`)]).join('\n');
}

const fail = (stderr: string, exitCode = 1): CommandResult => ({ stdout: '', stderr: `${stderr}\n`, exitCode });

export function runReportCommand(args: readonly string[], reports: readonly Report[]): CommandResult {
  const parsed = parseArgs(args);
  if (!parsed) return fail(USAGE, 2);
  const years = reportYears(reports);
  const year = parsed.year ?? years[years.length - 1];
  const report = year === undefined ? undefined : findReport(reports, year);
  if (!report) return fail(`没有${parsed.year ?? ''}年度的报告。现有年度：${years.join('、') || '无'}。`);
  const warnings = report.warnings.map((w) => `注意: ${w}`).join('\n');
  const out = (columns: readonly string[], rows: string[][]): CommandResult => ({
    stdout: parsed.csv ? renderCsv(columns, rows) : `${renderTable(columns, rows)}\n`,
    stderr: warnings ? `${warnings}\n` : '',
    exitCode: 0,
  });

  switch (parsed.command) {
    case 'figures':
      return out(FIGURE_COLUMNS, figureRows(report.figures));
    case 'plans':
      return out(PLAN_COLUMNS, planRows(report.plans));
    case 'sections':
      return parsed.csv
        ? out(['部分'], sectionLabels(report).map((s) => [s]))
        : { stdout: `${renderTree(sectionTree(report))}\n`, stderr: warnings ? `${warnings}\n` : '', exitCode: 0 };
    case 'measures': {
      const sections = parsed.section === undefined ? undefined : matchSections(report, parsed.section);
      if (parsed.section !== undefined && !sections) {
        return fail(`报告中没有“${parsed.section}”这一部分。可选：\n${sectionLabels(report).join('\n')}`);
      }
      return out(MEASURE_COLUMNS, measureRows(measuresIn(report, sections)));
    }
  }
}
