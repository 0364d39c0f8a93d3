// Reads every report in <KNOWLEDGE_DIR>/reports with the shared loaders (txt/md in UTF-8 or GBK, docx,
// pdf), so the staff CLI sees exactly what the index sees — without building the index.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Report } from '../../domain.js';
import { listSourceFiles, readSourceDocument } from '../loaders.js';
import { parseReport } from './parse-report.js';

export const REPORTS_FOLDER = 'reports';

export interface LoadedReports {
  /** Newest year first. */
  reports: Report[];
  /** Files that could not be read, with the reason. */
  skipped: Array<{ file: string; reason: string }>;
}

/** Parsed reports from `<knowledgeDir>/reports`, sources named "reports/<file>" as on the chunks. */
export async function loadReports(knowledgeDir: string): Promise<LoadedReports> {
  const folder = path.join(knowledgeDir, REPORTS_FOLDER);
  const out: LoadedReports = { reports: [], skipped: [] };
  if (!existsSync(folder)) return out;
  for (const name of await listSourceFiles(folder)) {
    try {
      const doc = await readSourceDocument(folder, name);
      out.reports.push(parseReport(doc.text, `${REPORTS_FOLDER}/${name}`));
    } catch (err) {
      out.skipped.push({ file: `${REPORTS_FOLDER}/${name}`, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  out.reports.sort((a, b) => b.year - a.year);
  return out;
}
