// restify, loaded without the one deprecation warning it brings. restify 11 — the last restify that runs on
// Node 20 — requires spdy as it loads, whatever the options (we never serve HTTP/2), and spdy's dependency
// http-deceiver reads process.binding('http_parser') at load: Node's DEP0111, printed twice on every start.
// restify 12 drops spdy but needs Node 22. Until then exactly that warning is dropped, and only while restify
// loads; every other warning, then or later, goes to Node's handler as before.
import { createRequire } from 'node:module';

type RestifyModule = typeof import('restify');

/** What http-deceiver (via restify → spdy) triggers: message and code as Node 20 emits them. */
export const SPDY_PARSER_WARNING = { code: 'DEP0111', message: "Access to process.binding('http_parser') is deprecated." } as const;

function codeOf(rest: unknown[]): unknown {
  const [typeOrOptions, code] = rest;
  return typeof typeOrOptions === 'object' && typeOrOptions !== null ? (typeOrOptions as { code?: unknown }).code : code;
}

function isDropped(warning: unknown, rest: unknown[]): boolean {
  const message = warning instanceof Error ? warning.message : String(warning);
  return message === SPDY_PARSER_WARNING.message && codeOf(rest) === SPDY_PARSER_WARNING.code;
}

/** Runs `load` with http-deceiver's DEP0111 dropped; any other warning passes through to process.emitWarning. */
export function withoutSpdyParserWarning<T>(load: () => T): T {
  const emitWarning = process.emitWarning;
  process.emitWarning = function emitWarningExceptSpdyParser(this: unknown, warning: string | Error, ...rest: unknown[]): void {
    if (isDropped(warning, rest)) return;
    Reflect.apply(emitWarning, this, [warning, ...rest]);
  } as typeof process.emitWarning;
  try {
    return load();
  } finally {
    process.emitWarning = emitWarning;
  }
}

const restify: RestifyModule = withoutSpdyParserWarning(() => createRequire(import.meta.url)('restify') as RestifyModule);
export default restify;
