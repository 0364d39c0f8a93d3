// Report answers as people see them in the widget, in real Chromium against the real app: a topic answer
// (measures as a numbered list whose [n] open the whole measure) and a figures answer (a three-column
// table), in a 375 px phone and in the desktop panel. No table column narrower than four characters,
// no table wider than its bubble. Screenshots go to test-results/report-answers-*.png.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appConfig, realService, repoRoot, startApp, type RunningApp } from '../server/harness.js';

const artifacts = path.join(repoRoot, 'test-results');
const CHROMIUM = '/usr/bin/chromium';
const TOPIC = '2023年安全生产方面做了哪些工作？';
const FIGURES = '2023年安全生产方面有哪些数据？';
const VIEWPORTS = [
  ['375', { width: 375, height: 740 }],
  ['desktop', { width: 1280, height: 800 }],
] as const;

let site: RunningApp;
let browser: BrowserContext;
let profileDir: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's browser with "apt-get install -y chromium"`);
  const config = appConfig();
  site = await startApp(config, await realService(config));
  profileDir = mkdtempSync(path.join(tmpdir(), 'report-answers-chromium-'));
  browser = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    locale: 'zh-CN',
  });
  mkdirSync(artifacts, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

/** Opens the demo page at a viewport size, asks one question and returns the answer's message. */
async function askInWidget(viewport: { width: number; height: number }, question: string): Promise<{ page: Page; answer: ReturnType<Page['locator']> }> {
  const page = await browser.newPage();
  await page.setViewportSize(viewport);
  await page.goto(`${site.baseUrl}/`);
  await page.getByRole('button', { name: '打开法治问答' }).click();
  await page.getByRole('textbox', { name: '输入您的问题' }).fill(question);
  await page.keyboard.press('Enter');
  const answer = page.locator('.msg.bot:not(.welcome):not(.typing)').last();
  await answer.locator('button.cite').first().waitFor();
  return { page, answer };
}

describe('report answers in the widget', () => {
  it.each(VIEWPORTS)('a topic answer is a numbered list of measures with their facts, sources one tap away (%s)', async (name, viewport) => {
    const { page, answer } = await askInWidget(viewport, TOPIC);
    const items = answer.locator('ol.items > li');
    await page.screenshot({ path: path.join(artifacts, `report-answers-topic-${name}.png`) });
    expect(await items.count()).toBe(3);
    const texts = await items.allInnerTexts();
    expect(texts[2]).toContain('264家');
    expect(texts[2]).toContain('568条');
    expect(await answer.locator('table').count()).toBe(0);
    // Each measure's [n] opens the whole measure as the report states it.
    const cite = items.nth(2).locator('button.cite');
    await cite.click();
    const source = answer.locator('.src').nth(2);
    await expect.poll(() => source.isVisible()).toBe(true);
    expect(await source.innerText()).toContain('排查隐患568条全部闭环整改到位');
    await page.screenshot({ path: path.join(artifacts, `report-answers-topic-${name}-source.png`) });
    // Nothing overflows the bubble sideways.
    const overflow = await answer.locator('.bubble').evaluate((b) => b.scrollWidth - b.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await page.close();
  });

  it.each(VIEWPORTS)('a figures answer has a table whose every column is at least four characters wide (%s)', async (name, viewport) => {
    const { page, answer } = await askInWidget(viewport, FIGURES);
    const table = answer.locator('table');
    await table.waitFor();
    await table.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(artifacts, `report-answers-figures-${name}.png`) });
    expect(await table.getByRole('columnheader').allInnerTexts()).toEqual(['指标', '数值', '单位']);
    const cells = await table.locator('th, td').evaluateAll((els) =>
      els.map((el) => ({ width: el.getBoundingClientRect().width, font: parseFloat(getComputedStyle(el).fontSize), text: el.textContent ?? '' })),
    );
    expect(cells.length).toBeGreaterThan(3);
    for (const c of cells) expect(c.width, c.text).toBeGreaterThanOrEqual(4 * c.font);
    // The table fits the panel: no sideways scrolling to read a number.
    const wrap = answer.locator('.twrap');
    expect(await wrap.evaluate((w) => w.scrollWidth - w.clientWidth)).toBeLessThanOrEqual(1);
    expect(await table.getByRole('cell', { name: '568' }).count()).toBe(1);
    await page.close();
  });
});
