import type { Request } from 'express';
import type { z } from 'zod';
import { UnsupportedMediaTypeError, ValidationError } from '../errors';
import { zodFieldErrors } from './problem';

const JSON_TYPES = ['application/json', 'application/*+json'];

/** Validates a JSON body: 415 when it is not JSON, 422 with field errors when it does not fit. */
export function jsonBody<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  if (!req.is(JSON_TYPES)) throw new UnsupportedMediaTypeError('Expected an application/json body');
  return parseOr422(schema, req.body);
}

export function parseOr422<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(zodFieldErrors(result.error));
  return result.data;
}

/** Query strings fail as 422 too, naming the parameter. */
export function query<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  return parseOr422(schema, req.query);
}
