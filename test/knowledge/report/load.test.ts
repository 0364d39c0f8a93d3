import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadReports } from '../../../src/knowledge/report/index.js';
import { repoRoot } from './report-fixture.js';

describe('loadReports', () => {
  it('parses every report of <dir>/reports, newest first, with sources as on the chunks', async () => {
    const { reports, skipped } = await loadReports(path.join(repoRoot, 'test/fixtures'));
    expect(skipped).toEqual([]);
    expect(reports.map((r) => [r.year, r.source])).toEqual([[2024, 'reports/示例开发区2024年度法治政府建设情况报告.txt']]);
  });

  it('reads several years and names a file it cannot read instead of failing', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'reports-'));
    try {
      await mkdir(path.join(dir, 'reports'));
      await writeFile(path.join(dir, 'reports', '甲2022年度报告.txt'), '甲开发区2022年度法治政府建设情况报告\n一、主要举措\n组织学法3次。\n');
      await writeFile(path.join(dir, 'reports', '甲2023年度报告.md'), '甲开发区2023年度法治政府建设情况报告\n\n一、主要举措\n\n组织学法5次。\n');
      await writeFile(path.join(dir, 'reports', '损坏.docx'), 'not a zip');
      const { reports, skipped } = await loadReports(dir);
      expect(reports.map((r) => r.year)).toEqual([2023, 2022]);
      expect(reports[0]?.figures.map((f) => `${f.value}${f.unit}`)).toEqual(['5次']);
      expect(skipped.map((s) => s.file)).toEqual(['reports/损坏.docx']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('returns nothing for a folder without reports', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'no-reports-'));
    try {
      expect(await loadReports(dir)).toEqual({ reports: [], skipped: [] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
