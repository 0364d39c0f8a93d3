// A real pino logger whose lines the test can read.
import { pino, type Logger } from 'pino';

export interface CapturedLogs {
  logger: Logger;
  lines: Record<string, unknown>[];
  reasons(): string[];
}

export function captureLogs(): CapturedLogs {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug', base: undefined }, { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
  return { logger, lines, reasons: () => lines.map((l) => l.reason).filter((r): r is string => typeof r === 'string') };
}
