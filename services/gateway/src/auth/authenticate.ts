import type { Request, RequestHandler } from 'express';
import { UnauthorizedError, currentContext } from '@bookshelf/platform';
import type { IdentityResolver } from './identity-resolver';
import { bearerToken, type Identity, type TokenVerifier } from './verify-token';

export interface Caller {
  identity: Identity;
  userId: string;
}

declare module 'express-serve-static-core' {
  interface Locals {
    caller?: Caller;
  }
}

/** IdP token → verified identity → internal user id (provisioned on first sight). */
export function authenticate(verifier: TokenVerifier, resolver: IdentityResolver): RequestHandler {
  return async (req: Request, res, next) => {
    const token = bearerToken(req.get('authorization'));
    if (!token) throw new UnauthorizedError('Missing bearer token');
    const identity = await verifier.verify(token);
    // Same short memory as the resolver's local cache, minus the hashing: the hot path.
    let userId = identity.userId;
    if (!userId || (identity.userIdUntil ?? 0) < Date.now()) {
      userId = await resolver.resolve(identity);
      identity.userId = userId;
      identity.userIdUntil = Date.now() + 10_000;
    }
    res.locals.caller = { identity, userId };
    currentContext().userId = userId;
    next();
  };
}
