import type { RequestHandler } from 'express';
import { ulid } from 'ulid';
import { runWithContext } from '../context';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** Every request gets an id (the caller's if it looks sane) that follows it into logs and jobs. */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const id = incoming && SAFE_ID.test(incoming) ? incoming : `req_${ulid()}`;
    res.locals.requestId = id;
    res.setHeader('x-request-id', id);
    runWithContext({ requestId: id }, next);
  };
}
