// A real pino logger whose lines (JSON text) the test can read.
import { pino, type Logger } from 'pino';

export function recordingLogger(level = 'debug'): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = pino({ level, base: undefined }, { write: (s: string) => void lines.push(s) });
  return { logger, lines };
}
