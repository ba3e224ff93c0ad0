import type { RequestHandler } from 'express';
import { randomUUID } from 'node:crypto';
import { runWithContext } from '../context';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** Every request gets an id (the caller's if it looks sane) that follows it into logs and jobs. */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    // randomUUID draws from a pooled entropy buffer: far cheaper per request than a ULID.
    const id = incoming && SAFE_ID.test(incoming) ? incoming : `req_${randomUUID()}`;
    res.locals.requestId = id;
    res.setHeader('x-request-id', id);
    runWithContext({ requestId: id }, next);
  };
}
