import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout; one child logger per component (`log.child({ component })`). */
export function createLogger(level: string, base: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { service: 'wuye-desk', ...base },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['*.phone', '*.token', '*.apiToken', 'req.headers.authorization'],
      censor: '[redacted]',
    },
  });
}
