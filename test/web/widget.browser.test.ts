// The widget in a real browser: Debian's Chromium, driven by playwright-core, against the real app
// (createApp on port 0, the real answering core over knowledge/ and the shared regulations).
// Only the network edge is ever faked, and only inside the browser (page.route), for the states the
// real server cannot be asked to produce on demand: unreachable, a figures table, a streamed answer.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerService } from '../../src/answer/service.js';
import { chromium as chromiumService, describeWithService } from '../helpers/services.js';
import { appConfig, realService, repoRoot, startApp, type RunningApp } from '../server/harness.js';

const artifacts = path.join(repoRoot, 'test-results');
const QUESTION = '2023年开发区组织了几次学法？';

let service: AnswerService;
let site: RunningApp;
// Two other web sites that embed the widget with its one script tag: the district's, listed in
// ALLOWED_ORIGINS, and a stranger's. Real servers on loopback ports (a page that Chromium thinks is
// public may not reach a loopback API at all, so page.route cannot stand in for them).
let district: HostSite;
let stranger: HostSite;
let browser: BrowserContext;
let profileDir: string;

// Without Chromium the suite is skipped with one line that says how to install it; in CI it fails.
describeWithService(chromiumService, 'widget in a real browser', () => {
  beforeAll(startBrowserAndSites);
  afterAll(stopBrowserAndSites);
  describe('chat widget in headless Chromium', chatWidget);
  describe('widget embedded on another site (CORS)', embeddedOnOtherSites);
});

async function startBrowserAndSites(): Promise<void> {
  district = await startHostSite(() => site.baseUrl);
  stranger = await startHostSite(() => site.baseUrl);
  const config = appConfig({ ALLOWED_ORIGINS: district.origin });
  service = await realService(config);
  site = await startApp(config, service);
  profileDir = mkdtempSync(path.join(tmpdir(), 'widget-chromium-'));
  // A persistent context is how playwright takes a fresh --user-data-dir of our own.
  browser = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumService.location,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
  });
  mkdirSync(artifacts, { recursive: true });
}

async function stopBrowserAndSites(): Promise<void> {
  await browser?.close();
  await site?.close();
  await district?.close();
  await stranger?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
}

async function openDemo(viewport = { width: 1280, height: 800 }): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewportSize(viewport);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${site.baseUrl}/`);
  await page.getByRole('button', { name: '打开法治问答' }).waitFor();
  expect(errors).toEqual([]);
  return page;
}

interface HostSite {
  origin: string;
  close(): Promise<void>;
}

/** A bare web site whose one page embeds the widget from the bot's server. */
async function startHostSite(botBaseUrl: () => string): Promise<HostSite> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="zh-CN"><body><h1>区政府网站</h1><script src="${botBaseUrl()}/widget.js" async></script></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A new page whose /stream-demo.html embeds the widget with data-stream="true", opened on load. */
async function streamDemoPage(): Promise<Page> {
  const page = await browser.newPage();
  await page.route(`${site.baseUrl}/stream-demo.html`, (route) =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: '<!doctype html><html lang="zh-CN"><body><script src="/widget.js" async data-stream="true" data-open="true"></script></body></html>',
    }),
  );
  return page;
}

const launcher = (page: Page) => page.getByRole('button', { name: '打开法治问答' });
const panel = (page: Page) => page.getByRole('dialog', { name: '法治问答' });
const questionBox = (page: Page) => page.getByRole('textbox', { name: '输入您的问题' });
/** The id or class of the focused element inside the widget's shadow root. */
const shadowFocus = (page: Page) =>
  page.evaluate(() => {
    const active = document.querySelector('[data-qidong-legal-widget]')?.shadowRoot?.activeElement;
    return active ? active.id || active.className : '';
  });

function chatWidget(): void {
  it('paints its launcher on the demo page within a second', async () => {
    const page = await openDemo();
    // Paint entries are recorded when the frame is painted, which on a busy machine may come after load: wait
    // for both, not for a moment.
    await page.waitForFunction(
      () => performance.getEntriesByName('first-contentful-paint').length > 0 && performance.getEntriesByName('qdw:first-paint').length > 0,
      undefined,
      { timeout: 10_000 },
    );
    const timing = await page.evaluate(() => {
      const mark = performance.getEntriesByName('qdw:first-paint')[0];
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      return { widget: mark ? mark.startTime : -1, page: fcp ? fcp.startTime : -1 };
    });
    expect(timing.widget).toBeGreaterThan(0);
    expect(timing.page).toBeGreaterThan(0);
    // Mounted before the page's first paint, the launcher shows in that very frame.
    const widgetPaint = Math.max(timing.widget, timing.page);
    console.log(
      `first paint after navigation start: page ${timing.page.toFixed(0)} ms, widget launcher ${widgetPaint.toFixed(0)} ms ` +
        `(target ≤ 1000 ms: ${widgetPaint <= 1000 ? 'met' : 'MISSED'})`,
    );
    // The target is ≤ 1 s; the bound is generous so a busy CI machine does not flake.
    expect(widgetPaint).toBeLessThan(5000);
    await page.close();
  });

  it('answers the 2023 study question with a cited figure and expands the source section', async () => {
    // What the server answers, to compare the rendered source against it.
    const res = await fetch(`${site.baseUrl}/api/chat`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: QUESTION }),
    });
    expect(res.status).toBe(200);
    const expected = (await res.json()) as { answer: string; citations: { section?: string; title: string }[] };
    const section = expected.citations[0]?.section;
    expect(section).toBeTruthy();

    const page = await openDemo();
    await launcher(page).click();
    await expect.poll(() => panel(page).isVisible()).toBe(true);
    // Focus goes to the question box on open.
    await expect.poll(() => shadowFocus(page)).toBe('qdw-input');
    // The welcome comes from /api/welcome with tappable questions.
    await page.locator('.welcome .chip').first().waitFor();

    await questionBox(page).fill(QUESTION);
    await page.keyboard.press('Enter');
    const answer = page.locator('.msg.bot:not(.welcome):not(.typing)').last();
    const marker = answer.locator('button.cite').first();
    await marker.waitFor();
    await marker.click();
    const source = answer.locator('.src').first();
    await expect.poll(() => source.isVisible()).toBe(true);
    // The artifact first, so a failing run still shows what the person saw.
    await page.screenshot({ path: path.join(artifacts, 'widget.png') });

    const answerText = (await answer.locator('.bubble > p:not(.disc), .bubble > ul').allInnerTexts()).join('\n');
    expect(answerText).toMatch(/(?<!\d)8(?!\d)/);
    expect(await marker.innerText()).toBe('[1]');
    expect(await marker.getAttribute('aria-expanded')).toBe('true');
    expect(await source.innerText()).toContain(section);
    expect(await source.innerText()).toContain(expected.citations[0]?.title);

    // 👍 posts feedback and thanks the person.
    const feedback = page.waitForRequest((r) => r.url().endsWith('/api/feedback'));
    await answer.getByRole('button', { name: '有帮助', exact: true }).click();
    const sent = JSON.parse((await feedback).postData() ?? '{}') as Record<string, unknown>;
    expect(sent).toMatchObject({ rating: 'up' });
    expect(sent.answerId).toBeTruthy();
    expect(sent.conversationId).toBeTruthy();
    await answer.getByText('谢谢您的反馈').waitFor();
    expect(await answer.getByRole('button', { name: '有帮助', exact: true }).getAttribute('aria-pressed')).toBe('true');
    await page.close();
  });

  it('keeps the conversation id for the session and sends it with the next question', async () => {
    const page = await openDemo();
    await launcher(page).click();
    const bodies: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/chat')) bodies.push(r.postData() ?? '');
    });
    for (const q of [QUESTION, '那2024年的计划呢？']) {
      const before = await page.locator('.msg.bot:not(.welcome):not(.typing):not(.err)').count();
      await questionBox(page).fill(q);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('.msg.bot:not(.welcome):not(.typing):not(.err)').count()).toBe(before + 1);
    }
    expect(JSON.parse(bodies[0] ?? '{}')).not.toHaveProperty('conversationId');
    const second = JSON.parse(bodies[1] ?? '{}') as { conversationId?: string };
    expect(second.conversationId).toBeTruthy();
    const stored = await page.evaluate(() => Object.entries(sessionStorage).find(([k]) => k.startsWith('qdw:conversation:'))?.[1]);
    expect(stored).toBe(second.conversationId);

    // Another page of the site in the same tab: the panel is open again, with the conversation so far.
    await page.reload();
    await expect.poll(() => panel(page).isVisible()).toBe(true);
    await expect.poll(() => page.locator('.msg.user').allInnerTexts()).toEqual([
      expect.stringContaining(QUESTION),
      expect.stringContaining('那2024年的计划呢？'),
    ]);
    expect(await page.locator('.msg.bot button.cite').count()).toBeGreaterThan(0);
    await page.close();
  });

  it('is keyboard usable: Enter opens, Escape closes and gives focus back to the launcher', async () => {
    const page = await openDemo();
    await launcher(page).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => panel(page).isVisible()).toBe(true);
    expect(await launcher(page).getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Escape');
    await expect.poll(() => panel(page).isVisible()).toBe(false);
    expect(await launcher(page).getAttribute('aria-expanded')).toBe('false');
    expect(await shadowFocus(page)).toBe('launcher');
    await page.close();
  });

  it('opens and asks from links on the host page (data-qdw-ask)', async () => {
    const page = await openDemo();
    await page.getByRole('link', { name: '法律援助可以找谁？' }).click();
    await expect.poll(() => panel(page).isVisible()).toBe(true);
    await expect.poll(() => page.locator('.msg.user').allInnerTexts()).toEqual([expect.stringContaining('法律援助可以找谁？')]);
    await page.locator('.msg.bot:not(.welcome):not(.typing):not(.err)').first().waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.close();
  });

  it('keeps the host page styles out (Shadow DOM)', async () => {
    const page = await openDemo();
    // demo.html styles every button at 30px red; the widget's launcher must not inherit that.
    const style = await launcher(page).evaluate((el) => {
      const s = getComputedStyle(el);
      return { fontSize: s.fontSize, color: s.color };
    });
    expect(style).toEqual({ fontSize: '16px', color: 'rgb(255, 255, 255)' });
    await page.close();
  });

  it('goes full-screen on a 375 px phone', async () => {
    const page = await openDemo({ width: 375, height: 740 });
    await launcher(page).click();
    await expect.poll(() => panel(page).isVisible()).toBe(true);
    const box = await panel(page).boundingBox();
    expect(box).toEqual({ x: 0, y: 0, width: 375, height: 740 });
    await page.locator('.welcome').waitFor();
    await page.screenshot({ path: path.join(artifacts, 'widget-mobile.png') });
    await page.close();
  });

  it('says clearly when the server cannot be reached, and retries', async () => {
    const page = await openDemo();
    await launcher(page).click();
    await page.locator('.welcome').waitFor();
    await page.route('**/api/chat', (route) => route.abort('connectionrefused'));
    await questionBox(page).fill(QUESTION);
    await page.keyboard.press('Enter');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('暂时无法连接法治问答服务');
    // Back online: 重试 sends the same question again and the answer arrives.
    await page.unroute('**/api/chat');
    await alert.getByRole('button', { name: '重试' }).click();
    await page.locator('.msg.bot button.cite').first().waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.close();
  });

  it('renders a figures table and follow-up chips, with server text kept as text', async () => {
    const page = await openDemo();
    await page.route('**/api/chat', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          answered: true,
          answer: '<img src=x onerror="window.__pwned=1">2023年的主要数字如下[1]。',
          citations: [{ id: 'r1', kind: 'report', title: '报告', year: 2023, section: '一、（二）', text: '原文', score: 1 }],
          suggestions: ['2024年有哪些计划？'],
          table: { columns: ['事项', '数量'], rows: [['学法', '8'], ['宣传资料', '30000余']] },
          conversationId: 'c-table',
          answerId: 'a-table',
        }),
      }),
    );
    await launcher(page).click();
    await questionBox(page).fill('2023年有哪些数字？');
    await page.keyboard.press('Enter');
    const table = page.getByRole('table');
    await table.waitFor();
    expect(await table.getByRole('columnheader').allInnerTexts()).toEqual(['事项', '数量']);
    expect(await table.getByRole('row').count()).toBe(3);
    expect(await table.getByRole('cell', { name: '30000余' }).count()).toBe(1);
    // Staff can widen the panel for a table.
    const narrow = (await panel(page).boundingBox())?.width ?? 0;
    await page.getByRole('button', { name: '放大窗口' }).click();
    await expect.poll(async () => (await panel(page).boundingBox())?.width ?? 0).toBeGreaterThan(narrow + 300);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('.msg.bot .bubble > p').last().innerText()).toContain('<img src=x');
    await page.getByRole('group', { name: '您可能还想问' }).last().getByRole('button', { name: '2024年有哪些计划？' }).waitFor();
    await page.close();
  });

  it('streams tokens over SSE when data-stream="true"', async () => {
    const page = await streamDemoPage();
    let accept = '';
    await page.route('**/api/chat', (route) => {
      accept = route.request().headers()['accept'] ?? '';
      const final = {
        answered: true,
        answer: '累计组织学法8次[1]。',
        citations: [{ id: 'r1', kind: 'report', title: '报告', year: 2023, section: '一、（二）', text: '原文 8 次', score: 1 }],
        suggestions: [],
        conversationId: 'c-sse',
        answerId: 'a-sse',
      };
      const events = ['累计组织', '学法8次[1]。']
        .map((t) => `event: token\ndata: ${JSON.stringify({ text: t })}\n\n`)
        .concat(`event: answer\ndata: ${JSON.stringify(final)}\n\n`);
      return route.fulfill({ status: 200, contentType: 'text/event-stream', body: events.join('') });
    });
    await page.goto(`${site.baseUrl}/stream-demo.html`);
    await expect.poll(() => panel(page).isVisible()).toBe(true);
    await questionBox(page).fill(QUESTION);
    await page.keyboard.press('Enter');
    await page.locator('.msg.bot button.cite').first().waitFor();
    expect(accept).toContain('text/event-stream');
    expect(await page.locator('.msg.bot .bubble > p').last().innerText()).toContain('累计组织学法8次');
    expect(await page.locator('.streaming').count()).toBe(0);
    await page.close();
  });

  it('asks the real server for a stream and shows its cited answer', async () => {
    const page = await streamDemoPage();
    const response = page.waitForResponse((r) => r.url().endsWith('/api/chat'));
    await page.goto(`${site.baseUrl}/stream-demo.html`);
    await questionBox(page).fill('行政处罚法第七条怎么规定的？');
    await page.keyboard.press('Enter');
    expect((await response).request().headers()['accept']).toContain('text/event-stream');
    await page.locator('.msg.bot button.cite').first().waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.close();
  });

  it('shows the server\'s apology when a stream breaks, in place of the provisional tokens', async () => {
    const page = await streamDemoPage();
    await page.route('**/api/chat', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/event-stream',
        body: `event: token\ndata: {"text":"半句"}\n\nevent: error\ndata: {"message":"抱歉，系统暂时无法回答。"}\n\n`,
      }),
    );
    await page.goto(`${site.baseUrl}/stream-demo.html`);
    await questionBox(page).fill(QUESTION);
    await page.keyboard.press('Enter');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('抱歉，系统暂时无法回答。');
    expect(await page.locator('.streaming').count()).toBe(0);
    await page.close();
  });
}

function embeddedOnOtherSites(): void {
  async function embedOn(host: HostSite): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(`${host.origin}/`);
    await launcher(page).click();
    await questionBox(page).fill(QUESTION);
    await page.keyboard.press('Enter');
    return page;
  }

  it('answers on an origin listed in ALLOWED_ORIGINS', async () => {
    const page = await embedOn(district);
    await page.locator('.msg.bot button.cite').first().waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.close();
  });

  it('cannot use the API from an origin that is not listed, and says so', async () => {
    const page = await embedOn(stranger);
    await page.getByRole('alert').first().waitFor();
    expect(await page.getByRole('alert').first().innerText()).toContain('暂时无法连接');
    expect(await page.locator('.msg.bot button.cite').count()).toBe(0);
    await page.close();
  });
}
