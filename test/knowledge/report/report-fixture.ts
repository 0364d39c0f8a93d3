// The committed 2023 report, read from the repo's knowledge/ folder.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseReport } from '../../../src/knowledge/report/index.js';

export const repoRoot = path.resolve(import.meta.dirname, '../../..');
export const REPORT_2023_SOURCE = 'reports/启东经济开发区2023年度法治政府建设情况报告.txt';
export const report2023Text = readFileSync(path.join(repoRoot, 'knowledge', REPORT_2023_SOURCE), 'utf8');
export const report2023 = parseReport(report2023Text, REPORT_2023_SOURCE);
