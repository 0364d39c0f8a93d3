// The real 2023 report and the fictional 2024 fixture, parsed once for the staff tests.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseReport } from '../../../src/knowledge/report/index.js';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
export const FIXTURE_REPORTS_DIR = path.join(repoRoot, 'test/fixtures/reports');

export const report2023 = parseReport(
  readFileSync(path.join(repoRoot, 'knowledge/reports/启东经济开发区2023年度法治政府建设情况报告.txt'), 'utf8'),
  'reports/启东经济开发区2023年度法治政府建设情况报告.txt',
);
/** Clearly fictional ("示例开发区"): a second year for cross-year questions. Never in knowledge/. */
export const fictional2024 = parseReport(
  readFileSync(path.join(FIXTURE_REPORTS_DIR, '示例开发区2024年度法治政府建设情况报告.txt'), 'utf8'),
  'reports/示例开发区2024年度法治政府建设情况报告.txt',
);
