// Reads every report in <KNOWLEDGE_DIR>/reports (plain text as extracted), for the CLI and staff lookups.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Report } from '../../domain.js';
import { parseReport } from './parse-report.js';

export const REPORTS_FOLDER = 'reports';

/** Parsed reports from `<dir>/reports/*.txt|.md` (or `dir` itself when it holds them), newest year first. */
export async function loadReports(dir: string): Promise<Report[]> {
  const nested = path.join(dir, REPORTS_FOLDER);
  const folder = (await isDirectory(nested)) ? nested : dir;
  const names = (await readdir(folder)).filter((n) => /\.(txt|md)$/iu.test(n)).sort();
  const reports = await Promise.all(
    names.map(async (n) => parseReport(await readFile(path.join(folder, n), 'utf8'), path.relative(dir, path.join(folder, n)))),
  );
  return reports.sort((a, b) => b.year - a.year);
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await readdir(p, { withFileTypes: true })) !== undefined;
  } catch {
    return false;
  }
}
