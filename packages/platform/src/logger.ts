import pino, { type Logger } from 'pino';
import { currentContext } from './context';

export type { Logger };

export interface LoggerOptions {
  name: string;
  level?: string;
  pretty?: boolean;
}

/** Secrets never reach a log line, whatever object they ride in on. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.token',
  '*.access_token',
  '*.accessToken',
  '*.secret',
  'authorization',
];

export function createLogger(opts: LoggerOptions): Logger {
  return pino({
    name: opts.name,
    level: opts.level ?? 'info',
    redact: { paths: REDACT, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    base: { service: opts.name },
    // The request id (and job id) follow the work through AsyncLocalStorage onto every line.
    mixin() {
      const ctx = currentContext();
      const out: Record<string, string> = {};
      if (ctx.requestId) out.requestId = ctx.requestId;
      if (ctx.jobId) out.jobId = ctx.jobId;
      if (ctx.jobName) out.jobName = ctx.jobName;
      if (ctx.userId) out.userId = ctx.userId;
      return out;
    },
    ...(opts.pretty
      ? { transport: { target: 'pino-pretty', options: { colorize: true, singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' } } }
      : {}),
  });
}
