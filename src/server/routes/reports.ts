// Staff JSON API over the parsed reports: GET /api/reports (years, titles, section tree),
// /api/reports/:year/figures, /api/reports/:year/measures?section=…, /api/reports/:year/plans.
// Routes only route: the views come from knowledge/report/lookup.ts, shared with the CLI.
import type { Next, Request, Response, Server } from 'restify';
import type { AnswerService } from '../../answer/service.js';
import type { Report } from '../../domain.js';
import { FIGURE_COLUMNS, findReport, matchSections, measuresIn, reportYears, sectionLabels, sectionTree } from '../../knowledge/report/index.js';

type ReportSource = Pick<AnswerService, 'reports'>;

function summary(r: Report) {
  return {
    year: r.year,
    title: r.title,
    source: r.source,
    sections: sectionTree(r),
    counts: { measures: r.measures.length, figures: r.figures.length, shortcomings: r.shortcomings.length, plans: r.plans.length },
    warnings: r.warnings,
  };
}

/** The report of `:year`, or a 404 that lists the years there are. */
function reportOr404(service: ReportSource, req: Request, res: Response): Report | undefined {
  const reports = service.reports();
  const raw = String((req.params as Record<string, unknown>)['year'] ?? '');
  const report = /^\d{4}$/u.test(raw) ? findReport(reports, Number(raw)) : undefined;
  if (!report) {
    const years = reportYears(reports);
    res.send(404, {
      error: 'unknown_year',
      message: `没有这个年度的报告。现有年度：${years.join('、') || '无'}。`,
      years,
    });
  }
  return report;
}

function queryParam(req: Request, name: string): string | undefined {
  const value = new URL(req.url ?? '/', 'http://localhost').searchParams.get(name);
  return value === null || value.trim() === '' ? undefined : value.trim();
}

export function registerReportRoutes(server: Server, service: ReportSource): void {
  server.get('/api/reports', (_req: Request, res: Response, next: Next) => {
    const reports = service.reports();
    res.send(200, { years: reportYears(reports), reports: [...reports].sort((a, b) => a.year - b.year).map(summary) });
    next();
  });

  server.get('/api/reports/:year/figures', (req: Request, res: Response, next: Next) => {
    const report = reportOr404(service, req, res);
    if (report) res.send(200, { year: report.year, title: report.title, columns: FIGURE_COLUMNS, figures: report.figures });
    next();
  });

  server.get('/api/reports/:year/measures', (req: Request, res: Response, next: Next) => {
    const report = reportOr404(service, req, res);
    if (report) {
      const section = queryParam(req, 'section');
      const sections = section === undefined ? undefined : matchSections(report, section);
      if (section !== undefined && !sections) {
        res.send(404, { error: 'unknown_section', message: '报告中没有这个部分，请从 sections 中选择。', sections: sectionLabels(report) });
      } else {
        res.send(200, { year: report.year, title: report.title, ...(sections ? { sections } : {}), measures: measuresIn(report, sections) });
      }
    }
    next();
  });

  server.get('/api/reports/:year/plans', (req: Request, res: Response, next: Next) => {
    const report = reportOr404(service, req, res);
    if (report) {
      const forYear = report.plans[0]?.forYear ?? report.year + 1;
      res.send(200, { year: report.year, title: report.title, forYear, plans: report.plans });
    }
    next();
  });
}
