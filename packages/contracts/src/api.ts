import type { z } from 'zod';
import { ResolveIdentityRequest } from './users';

export type ServiceName = 'users' | 'library' | 'scan' | 'recommender';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * The public API catalogue: one entry per route. The gateway proxies from it and
 * /openapi.json is generated from it, so the two cannot disagree.
 */
export interface ApiRoute {
  method: HttpMethod;
  /** Express-style path, e.g. /v1/users/:userId/follow. */
  path: string;
  service: ServiceName;
  summary: string;
  /** 'user': IdP token; 'public': no token, rate-limited by client address. */
  auth: 'user' | 'public';
  body?: z.ZodType;
  bodyType?: 'json' | 'merge-patch' | 'multipart' | 'csv';
  query?: z.ZodType;
  response?: z.ZodType;
  status?: number;
  /** Long-lived responses (SSE, uploads) get no upstream timeout. */
  streaming?: boolean;
  tags?: string[];
}

export const INTERNAL_ROUTES = { resolveIdentity: { method: 'POST', path: '/internal/identities/resolve', body: ResolveIdentityRequest } } as const;
