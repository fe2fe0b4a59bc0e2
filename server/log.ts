import pino from 'pino';

/**
 * Structured logs (JSON lines) on stdout. Tests and operators read the `listening` line;
 * LOG_LEVEL=debug shows every refused write.
 */
export type Logger = pino.Logger;

export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { service: 'sanrenxing' } });
}
