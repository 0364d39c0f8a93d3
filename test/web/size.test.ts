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
