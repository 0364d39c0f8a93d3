// restify loads without spdy's DEP0111 (process.binding('http_parser')), and nothing else is silenced.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import restify, { SPDY_PARSER_WARNING, withoutSpdyParserWarning } from '../../src/server/restify.js';
import { repoRoot } from '../helpers/paths.js';

/**
 * The warnings process.emitWarning delivers while `run` runs (they arrive on a later tick), caught in place of
 * Node's printing listener so that the test's own warnings do not clutter the test output.
 */
async function warningsDuring(run: () => void): Promise<Array<{ message: string; code?: string }>> {
  const seen: Array<{ message: string; code?: string }> = [];
  const printers = process.listeners('warning');
  process.removeAllListeners('warning');
  const listener = (warning: Error & { code?: string }) => seen.push({ message: warning.message, code: warning.code });
  process.on('warning', listener);
  try {
    run();
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', listener);
    for (const printer of printers) process.on('warning', printer);
  }
  return seen;
}

describe('restify without the spdy parser warning', () => {
  it('is restify itself', () => {
    expect(typeof restify.createServer).toBe('function');
    expect(typeof restify.plugins.queryParser).toBe('function');
  });

  it('drops exactly that warning while loading, and lets every other one through', async () => {
    const original = process.emitWarning;
    const seen = await warningsDuring(() =>
      withoutSpdyParserWarning(() => {
        process.emitWarning(SPDY_PARSER_WARNING.message, 'DeprecationWarning', SPDY_PARSER_WARNING.code);
        process.emitWarning(SPDY_PARSER_WARNING.message, { type: 'DeprecationWarning', code: SPDY_PARSER_WARNING.code });
        process.emitWarning("Access to process.binding('uv') is deprecated.", 'DeprecationWarning', 'DEP0111');
        process.emitWarning(SPDY_PARSER_WARNING.message, 'DeprecationWarning', 'DEP9999');
        process.emitWarning('something else', 'ExperimentalWarning');
      }),
    );
    expect(seen).toEqual([
      { message: "Access to process.binding('uv') is deprecated.", code: 'DEP0111' },
      { message: SPDY_PARSER_WARNING.message, code: 'DEP9999' },
      { message: 'something else', code: undefined },
    ]);
    expect(process.emitWarning).toBe(original);
  });

  it('filters nothing once restify is loaded', async () => {
    const seen = await warningsDuring(() => process.emitWarning(SPDY_PARSER_WARNING.message, 'DeprecationWarning', SPDY_PARSER_WARNING.code));
    expect(seen).toEqual([{ message: SPDY_PARSER_WARNING.message, code: SPDY_PARSER_WARNING.code }]);
  });

  it('is still needed: plain restify prints DEP0111 (when this fails, restify stopped loading spdy: drop the filter)', () => {
    const plain = spawnSync(process.execPath, ['-e', "require('restify')"], { cwd: repoRoot, encoding: 'utf8' });
    expect(plain.stderr).toContain(`[${SPDY_PARSER_WARNING.code}] DeprecationWarning: ${SPDY_PARSER_WARNING.message}`);
  });

  it('loads in a fresh process with nothing on stderr', () => {
    const quiet = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', "const { default: r } = await import('./src/server/restify.ts'); console.log(typeof r.createServer);"], { cwd: repoRoot, encoding: 'utf8' });
    expect(quiet.stdout.trim()).toBe('function');
    expect(quiet.stderr).toBe('');
  });
});
