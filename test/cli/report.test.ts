import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { displayWidth, renderCsv, runReportCommand } from '../../src/cli/report-command.js';
import { FIXTURE_REPORTS_DIR, fictional2024, report2023 } from '../answer/staff/reports.js';

const reports = [report2023, fictional2024];
const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Parses our CSV back (quoted fields with "" escapes, CRLF rows), to check it round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/u, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted && ch === '"' && src[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && ch === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && ch === '\r' && src[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += ch;
    }
  }
  return rows;
}

describe('runReportCommand', () => {
  it('prints the figures of a year as an aligned table', () => {
    const r = runReportCommand(['figures', '2023'], reports);
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(report2023.figures.length + 2);
    expect(lines[0]).toMatch(/^年度\s+部分\s+指标\s+数值\s+单位\s+原文$/u);
    expect(lines.some((l) => /闭环整改隐患\s+368\s+条/u.test(l))).toBe(true);
    // Columns line up by display width, CJK counted double.
    const unitColumn = lines.slice(2).map((l) => displayWidth(l.slice(0, l.search(/\s(次|场|份|名|家|条|批|人次|起|件|个)\s/u))));
    expect(new Set(unitColumn).size).toBe(1);
  });

  it('prints CSV with every field whole, for spreadsheets', () => {
    const r = runReportCommand(['figures', '2023', '--csv'], reports);
    expect(r.stdout.startsWith('\uFEFF年度,部分,指标,数值,单位,原文\r\n')).toBe(true);
    const rows = parseCsv(r.stdout);
    expect(rows).toHaveLength(report2023.figures.length + 1);
    expect(rows.slice(1).map((row) => row[5])).toEqual(report2023.figures.map((f) => f.sentence));
    expect(rows.find((row) => row[3] === '30000余')?.[4]).toBe('份');
  });

  it('quotes commas, quotes and line breaks in CSV', () => {
    expect(renderCsv(['a', 'b'], [['x,y', '他说"好"\n']])).toBe('\uFEFFa,b\r\n"x,y","他说""好""\n"\r\n');
  });

  it('filters measures by section and lists the valid ones when the section is unknown', () => {
    const r = runReportCommand(['measures', '2023', '--section', '一、（七）'], reports);
    expect(r.stdout.trimEnd().split('\n').slice(2).map((l) => l.split(/\s{2,}/u)[2])).toEqual(['一是', '二是', '三是']);
    const bad = runReportCommand(['measures', '2023', '--section=九、（九）'], reports);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('一、（七）建立应急预案，依法应对重大突发事件情况');
  });

  it('prints plans and the section tree; the newest year when none is given', () => {
    expect(runReportCommand(['plans', '2023', '--csv'], reports).stdout.split('\r\n')[1]).toMatch(/^2024,2023,四、（一）/u);
    const tree = runReportCommand(['sections'], reports).stdout;
    expect(tree).toContain('一、本年度推进法治政府建设的主要举措和成效\n  一、（一）加强组织领导，落实领导干部学法制度');
  });

  it('refuses an unknown year with the years it has, and bad arguments with the usage', () => {
    const r = runReportCommand(['figures', '2019'], reports);
    expect([r.exitCode, r.stderr.trim()]).toEqual([1, '没有2019年度的报告。现有年度：2023、2024。']);
    expect(runReportCommand(['tables', '2023'], reports).exitCode).toBe(2);
    expect(runReportCommand(['figures', '23'], reports).stderr).toContain('用法');
  });
});

describe('npm run report', () => {
  it('reads the reports of KNOWLEDGE_DIR with the parser, no index needed', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/report.ts', 'figures', '2024', '--csv'], {
      cwd: repoRoot,
      env: { ...process.env, KNOWLEDGE_DIR: path.dirname(FIXTURE_REPORTS_DIR), LOG_LEVEL: 'silent' },
    });
    const rows = parseCsv(stdout);
    expect(rows).toHaveLength(fictional2024.figures.length + 1);
    expect(rows.some((r) => r[2] === '本年度全区上访总量' && r[3] === '120' && r[4] === '批')).toBe(true);
  }, 30_000);
});
