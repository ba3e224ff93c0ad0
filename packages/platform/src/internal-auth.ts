import type { RequestHandler } from 'express';
import { SignJWT, jwtVerify } from 'jose';
import { UnauthorizedError } from './errors';
import { currentContext } from './context';

const ISSUER = 'bookshelf-gateway';
const AUDIENCE = 'bookshelf-internal';

export interface InternalPrincipal {
  userId: string | null;
  roles: string[];
}

declare module 'express-serve-static-core' {
  interface Locals {
    principal?: InternalPrincipal;
    requestId?: string;
  }
}

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** The gateway's short-lived proof of who is calling, signed per forwarded request. */
export async function signInternalToken(
  secret: string,
  principal: InternalPrincipal,
  requestId?: string,
  ttlSeconds = 60,
): Promise<string> {
  const jwt = new SignJWT({ roles: principal.roles, ...(requestId ? { rid: requestId } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`);
  if (principal.userId) jwt.setSubject(principal.userId);
  return jwt.sign(key(secret));
}

export async function verifyInternalToken(secret: string, token: string): Promise<InternalPrincipal> {
  const { payload } = await jwtVerify(token, key(secret), {
    issuer: ISSUER,
    audience: AUDIENCE,
    algorithms: ['HS256'],
  });
  const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [];
  return { userId: payload.sub ?? null, roles };
}

const VERIFIED_MAX = 20_000;

/**
 * Services trust only this token, never bare identity headers. The gateway reuses a token
 * for a while, so a verified one is remembered until it expires (the HMAC check is skipped,
 * the expiry check is not).
 */
export function requireInternalAuth(secret: string): RequestHandler {
  const k = key(secret);
  const verified = new Map<string, { principal: InternalPrincipal; exp: number }>();
  return async (req, res, next) => {
    const header = req.get('authorization');
    const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    if (!token) throw new UnauthorizedError('Missing internal token');
    const now = Date.now() / 1000;
    let entry = verified.get(token);
    if (!entry || entry.exp <= now) {
      try {
        const { payload } = await jwtVerify(token, k, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
        const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [];
        entry = { principal: { userId: payload.sub ?? null, roles }, exp: payload.exp ?? now };
      } catch {
        verified.delete(token);
        throw new UnauthorizedError('Invalid internal token');
      }
      if (verified.size >= VERIFIED_MAX) verified.clear();
      verified.set(token, entry);
    }
    res.locals.principal = entry.principal;
    if (entry.principal.userId) currentContext().userId = entry.principal.userId;
    next();
  };
}

/** The calling user's id, or 401 when the internal token carried none. */
export function userIdOf(locals: { principal?: InternalPrincipal }): string {
  const id = locals.principal?.userId;
  if (!id) throw new UnauthorizedError('No user in internal token');
  return id;
}
