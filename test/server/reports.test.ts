import type { AddressInfo } from 'node:net';
import type { Server } from 'restify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Figure, Measure, Plan } from '../../src/domain.js';
import { parseReport } from '../../src/knowledge/report/index.js';
import restify from '../../src/server/restify.js';
import { registerReportRoutes } from '../../src/server/routes/reports.js';
import { fictional2024, report2023 } from '../answer/staff/reports.js';

const malformed = parseReport('这是一份没有标题结构的材料。开展普法活动12场。', 'reports/无结构2021年材料.txt');

let server: Server;
let base: string;

beforeAll(async () => {
  server = restify.createServer();
  registerReportRoutes(server, { reports: () => [fictional2024, report2023, malformed] });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function get(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('GET /api/reports', () => {
  it('lists years, titles and the section tree', async () => {
    const { status, body } = await get('/api/reports');
    expect(status).toBe(200);
    expect(body['years']).toEqual([2021, 2023, 2024]);
    const reports = body['reports'] as Array<{ year: number; title: string; sections: Array<{ section: string; children: Array<{ section: string }> }>; warnings: string[] }>;
    const r2023 = reports.find((r) => r.year === 2023);
    expect(r2023?.title).toBe('启东经济开发区2023年度法治政府建设情况报告');
    const part1 = r2023?.sections.find((s) => s.section.startsWith('一、'));
    expect(part1?.children).toHaveLength(8);
    expect(part1?.children[6]?.section).toBe('一、（七）建立应急预案，依法应对重大突发事件情况');
    // A report without structure is listed with a warning naming it.
    expect(reports.find((r) => r.year === 2021)?.warnings.join()).toContain('reports/无结构2021年材料.txt');
  });
});

describe('GET /api/reports/:year/…', () => {
  it('returns the figures of a year', async () => {
    const { status, body } = await get('/api/reports/2023/figures');
    expect(status).toBe(200);
    const figures = body['figures'] as Figure[];
    expect(figures).toHaveLength(report2023.figures.length);
    expect(figures.find((f) => f.value === '368')).toMatchObject({ unit: '条', section: '一、（七）建立应急预案，依法应对重大突发事件情况' });
  });

  it('returns measures, narrowed by section (exact, by prefix, or a whole part)', async () => {
    const all = await get('/api/reports/2023/measures');
    expect((all.body['measures'] as Measure[]).length).toBe(report2023.measures.length);
    const exact = await get(`/api/reports/2023/measures?section=${encodeURIComponent('一、（七）建立应急预案，依法应对重大突发事件情况')}`);
    expect((exact.body['measures'] as Measure[]).map((m) => m.marker)).toEqual(['一是', '二是', '三是']);
    const prefix = await get(`/api/reports/2023/measures?section=${encodeURIComponent('一、（八）')}`);
    expect((prefix.body['measures'] as Measure[])).toHaveLength(3);
    const part = await get(`/api/reports/2023/measures?section=${encodeURIComponent('二、主要负责人履行推进法治建设第一责任人职责情况')}`);
    expect((part.body['measures'] as Measure[]).every((m) => m.section.startsWith('二、'))).toBe(true);
    expect((part.body['measures'] as Measure[])).toHaveLength(4);
  });

  it('returns the plans with the year they are for', async () => {
    const { body } = await get('/api/reports/2023/plans');
    expect(body['forYear']).toBe(2024);
    expect((body['plans'] as Plan[]).map((p) => p.section)).toEqual(report2023.plans.map((p) => p.section));
    expect((await get('/api/reports/2024/plans')).body['forYear']).toBe(2025);
  });

  it('answers 404 with the list of years for an unknown year', async () => {
    for (const path of ['/api/reports/2019/figures', '/api/reports/abc/plans', '/api/reports/2022/measures']) {
      const { status, body } = await get(path);
      expect(status).toBe(404);
      expect(body).toMatchObject({ error: 'unknown_year', years: [2021, 2023, 2024] });
    }
  });

  it('answers 404 with the valid sections for an unknown section', async () => {
    const { status, body } = await get(`/api/reports/2023/measures?section=${encodeURIComponent('五、不存在的部分')}`);
    expect(status).toBe(404);
    expect(body['error']).toBe('unknown_section');
    expect(body['sections']).toContain('一、（七）建立应急预案，依法应对重大突发事件情况');
    expect(String(body['message'])).not.toMatch(/Error|at /u);
  });
});
