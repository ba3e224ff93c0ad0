import type { ErrorRequestHandler, Request, Response } from 'express';
import { ZodError } from 'zod';
import { ERROR_CODES } from '@bookshelf/contracts';
import { AppError, isDependencyOutage, type FieldError } from '../errors';
import type { Logger } from '../logger';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function zodFieldErrors(err: ZodError): FieldError[] {
  return err.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
}

export function sendProblem(
  req: Request,
  res: Response,
  status: number,
  code: string,
  detail: string,
  extra: { errors?: FieldError[]; headers?: Record<string, string> } = {},
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  for (const [k, v] of Object.entries(extra.headers ?? {})) res.setHeader(k, v);
  res
    .status(status)
    .type('application/problem+json')
    .send(
      JSON.stringify({
        type: `https://bookshelf.dev/problems/${code}`,
        title: TITLES[status] ?? 'Error',
        status,
        detail,
        code,
        instance: req.originalUrl,
        requestId: res.locals.requestId as string | undefined,
        ...(extra.errors ? { errors: extra.errors } : {}),
      }),
    );
}

interface BodyParserError {
  type?: string;
  status?: number;
}

/** The one place errors become problem+json. */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    if (err instanceof AppError) {
      sendProblem(req, res, err.status, err.code, err.message, err.extra);
      return;
    }
    if (err instanceof ZodError) {
      sendProblem(req, res, 422, ERROR_CODES.validationFailed, 'Invalid fields', { errors: zodFieldErrors(err) });
      return;
    }
    const bp = err as BodyParserError;
    if (bp?.type === 'entity.parse.failed') {
      sendProblem(req, res, 400, ERROR_CODES.malformedJson, 'Request body is not valid JSON');
      return;
    }
    if (bp?.type === 'entity.too.large') {
      sendProblem(req, res, 413, ERROR_CODES.payloadTooLarge, 'Request body is too large');
      return;
    }
    if (bp?.type === 'encoding.unsupported' || bp?.type === 'charset.unsupported') {
      sendProblem(req, res, 415, ERROR_CODES.unsupportedMediaType, 'Unsupported body encoding');
      return;
    }
    if (typeof bp?.status === 'number' && bp.status >= 400 && bp.status < 500) {
      sendProblem(req, res, bp.status, ERROR_CODES.badRequest, 'Bad request');
      return;
    }
    const outage = isDependencyOutage(err);
    if (outage) {
      logger.warn({ err }, `${outage.dependency} unavailable`);
      sendProblem(req, res, 503, ERROR_CODES.dependencyUnavailable, `${outage.dependency} is unavailable`, {
        headers: { 'retry-after': '5' },
      });
      return;
    }
    logger.error({ err }, 'unhandled error');
    sendProblem(req, res, 500, ERROR_CODES.internal, 'Something went wrong on our side');
  };
}
