import { ERROR_CODES, type ErrorCode } from '@bookshelf/contracts';

export interface FieldError {
  path: string;
  message: string;
}

/** The error hierarchy: each carries the HTTP status it maps to in problem+json. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly extra: { errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends AppError {
  constructor(message = 'Bad request', code: ErrorCode = ERROR_CODES.badRequest) {
    super(400, code, message);
  }
}
export class UnauthorizedError extends AppError {
  constructor(message = 'Authentication required') {
    super(401, ERROR_CODES.unauthorized, message, { headers: { 'www-authenticate': 'Bearer' } });
  }
}
export class ForbiddenError extends AppError {
  constructor(message = 'Not allowed') {
    super(403, ERROR_CODES.forbidden, message);
  }
}
export class NotFoundError extends AppError {
  constructor(message = 'Not found') {
    super(404, ERROR_CODES.notFound, message);
  }
}
export class ConflictError extends AppError {
  constructor(message = 'Conflict') {
    super(409, ERROR_CODES.conflict, message);
  }
}
export class GoneError extends AppError {
  constructor(message = 'Gone') {
    super(410, ERROR_CODES.gone, message);
  }
}
export class PreconditionFailedError extends AppError {
  constructor(message = 'Precondition failed') {
    super(412, ERROR_CODES.preconditionFailed, message);
  }
}
export class PayloadTooLargeError extends AppError {
  constructor(message = 'Payload too large') {
    super(413, ERROR_CODES.payloadTooLarge, message);
  }
}
export class UnsupportedMediaTypeError extends AppError {
  constructor(message = 'Unsupported media type') {
    super(415, ERROR_CODES.unsupportedMediaType, message);
  }
}
export class ValidationError extends AppError {
  constructor(errors: FieldError[], message = 'Invalid fields') {
    super(422, ERROR_CODES.validationFailed, message, { errors });
  }
}
export class RateLimitedError extends AppError {
  constructor(retryAfterSeconds: number) {
    super(429, ERROR_CODES.rateLimited, 'Too many requests', {
      headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
    });
  }
}
export class DependencyUnavailableError extends AppError {
  constructor(dependency: string) {
    super(503, ERROR_CODES.dependencyUnavailable, `${dependency} is unavailable`, { headers: { 'retry-after': '5' } });
  }
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  'EHOSTUNREACH',
  '57P01', // admin_shutdown
  '57P02',
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '08000',
  '08003',
  '08006',
  '08001',
  'P1001',
  'P1002',
  'P1017',
  'P2024', // timed out fetching a connection from the pool
  'P2028', // could not start a transaction in time: saturated, retry later
]);

const CONNECTION_MESSAGES =
  /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Unable to start a transaction in the given time|Connection is closed|Stream isn't writeable|max retries per request|Can't reach database|Client has encountered a connection error|ECONNREFUSED|The database server/i;

/** True when an error means a dependency (Postgres, Redis) is down, not that the request was wrong. */
export function isDependencyOutage(err: unknown): { dependency: string } | null {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    const rec = e as { code?: unknown; message?: unknown; name?: unknown; cause?: unknown };
    const code = typeof rec.code === 'string' ? rec.code : '';
    const message = typeof rec.message === 'string' ? rec.message : '';
    const name = typeof rec.name === 'string' ? rec.name : '';
    if (CONNECTION_CODES.has(code) || CONNECTION_MESSAGES.test(message) || name === 'PrismaClientInitializationError') {
      const redis = /redis|Stream isn't writeable|max retries per request|Connection is closed/i.test(message + name);
      return { dependency: redis ? 'redis' : 'database' };
    }
    e = rec.cause;
  }
  return null;
}
