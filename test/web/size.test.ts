// The widget ships as one static file with no build step: it must stay small, parse as plain script,
// and be embedded on the demo page by exactly one tag.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const web = (name: string) => path.join(repoRoot, 'web', name);
const BUDGET_BYTES = 30 * 1024;

describe('web widget bundle', () => {
  it('is at most 30 KB gzipped, JS and CSS together', () => {
    const files = ['widget.js', 'widget.css'].map(web).filter((f) => existsSync(f));
    const raw = Buffer.concat(files.map((f) => readFileSync(f)));
    const gzipped = gzipSync(raw, { level: 9 }).length;
    console.log(`widget: ${raw.length} bytes raw, ${gzipped} bytes gzipped (budget ${BUDGET_BYTES})`);
    expect(files).toContain(web('widget.js'));
    expect(gzipped).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it('parses as a classic script (no modules, no build step)', () => {
    const source = readFileSync(web('widget.js'), 'utf8');
    expect(() => new Script(source, { filename: 'widget.js' })).not.toThrow();
    expect(source).not.toMatch(/^\s*(import|export)\s/m);
  });

  it('sets innerHTML only for its own constant icon markup', () => {
    const source = readFileSync(web('widget.js'), 'utf8');
    const uses = source.match(/\.innerHTML\s*=/g) ?? [];
    expect(uses).toHaveLength(1);
    expect(source).toMatch(/span\.innerHTML =\s*\n?\s*'<svg/);
  });

  it('is embedded on the demo page by one async script tag with data- attributes', () => {
    const html = readFileSync(web('demo.html'), 'utf8');
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).toMatch(/src="\/widget\.js"/);
    expect(scripts[0]).toMatch(/\basync\b/);
    expect(scripts[0]).toMatch(/data-title="[^"]+"/);
    expect(html).toContain('启东经济开发区');
  });
});

// The staff console is a static page with one script and one stylesheet, served under a CSP that allows no inline
// code: it must stay small, load nothing from elsewhere, and never build markup from strings.
describe('staff console files', () => {
  const admin = (name: string) => path.join(repoRoot, 'web', 'admin', name);
  const CONSOLE_BUDGET_BYTES = 100 * 1024;

  it('is at most 100 KB gzipped, JS and CSS together', () => {
    const raw = Buffer.concat(['console.js', 'console.css'].map((f) => readFileSync(admin(f))));
    const gzipped = gzipSync(raw, { level: 9 }).length;
    console.log(`console: ${raw.length} bytes raw, ${gzipped} bytes gzipped (budget ${CONSOLE_BUDGET_BYTES})`);
    expect(gzipped).toBeLessThanOrEqual(CONSOLE_BUDGET_BYTES);
  });

  it('loads only its own script and stylesheet, with no inline code and nothing from another host', () => {
    const html = readFileSync(admin('index.html'), 'utf8');
    expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script src="/admin/console.js" defer>']);
    expect(html).not.toMatch(/<style\b|\sstyle=|\son\w+=/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
    const css = readFileSync(admin('console.css'), 'utf8');
    expect(css).not.toMatch(/@import|url\(/i);
  });

  it('parses as a classic script, fetches only /admin/api/, and never sets innerHTML', () => {
    const source = readFileSync(admin('console.js'), 'utf8');
    expect(() => new Script(source, { filename: 'console.js' })).not.toThrow();
    expect(source).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
    const urls = [...source.matchAll(/api\('(?:GET|POST|DELETE)', '([^']+)'/g)].map((m) => m[1]);
    expect(urls.length).toBeGreaterThan(8);
    for (const u of urls) expect(u).toMatch(/^\/admin\/api\//);
  });
});
