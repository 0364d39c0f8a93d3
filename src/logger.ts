// pino, to stderr so that `npm run ask -- --json` keeps stdout for the Answer alone.
import { pino, type DestinationStream, type Logger } from 'pino';
import { maskLogArguments, maskLogRecord } from './mask.js';

export type { Logger };

/** `destination` is stderr; tests pass a stream to read what would have been logged. */
export function createLogger(level: string = 'info', destination: DestinationStream = pino.destination(2)): Logger {
  return pino(
    {
      level,
      base: undefined,
      // No phone, ID-card or bank-card number a user typed, no openid in a URL, no secret reaches a log line.
      formatters: { log: (record) => maskLogRecord(record) },
      hooks: {
        logMethod(args, method) {
          method.apply(this, maskLogArguments(args) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

/** A logger that drops everything, for tests that do not inspect logs. */
export const silentLogger: Logger = pino({ level: 'silent' });
