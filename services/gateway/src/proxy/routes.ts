import { Router, type Request } from 'express';
import { API_ROUTES, type ApiRoute, type ServiceName } from '@bookshelf/contracts';
import type { Logger } from '@bookshelf/platform';
import type { IdentityResolver } from '../auth/identity-resolver';
import type { InternalTokenCache } from '../auth/internal-token-cache';
import type { RateLimiter } from '../http/rate-limit';
import { authenticate } from '../auth/authenticate';
import type { TokenVerifier } from '../auth/verify-token';
import { forward } from './forward';

export interface ProxyDeps {
  upstreams: Record<ServiceName, string>;
  verifier: TokenVerifier;
  resolver: IdentityResolver;
  tokens: InternalTokenCache;
  limiter: RateLimiter;
  publicLimit: number;
  timeoutMs: number;
  logger: Logger;
}

function clientAddress(req: Request): string {
  // The socket address, not X-Forwarded-For: a client cannot pick its own rate-limit bucket.
  return req.socket.remoteAddress ?? 'unknown';
}

/** One route per API catalogue entry: authenticate, rate-limit, forward to the owning service. */
export function proxyRoutes(deps: ProxyDeps): Router {
  const r = Router();
  const auth = authenticate(deps.verifier, deps.resolver);
  const method = (route: ApiRoute) => route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';

  for (const route of API_ROUTES) {
    if (route.auth === 'public') {
      r[method(route)](route.path, async (req, res) => {
        await deps.limiter.consume(`ip:${clientAddress(req)}`, deps.publicLimit);
        const token = await deps.tokens.get(null, ['public']);
        await forward(req, res, { target: deps.upstreams[route.service], internalToken: token, timeoutMs: deps.timeoutMs, logger: deps.logger });
      });
      continue;
    }
    r[method(route)](route.path, auth, async (req, res) => {
      const caller = res.locals.caller!;
      await deps.limiter.consume(`user:${caller.userId}`);
      const token = await deps.tokens.get(caller.userId, caller.identity.roles);
      const isAccountDeletion = route.method === 'DELETE' && route.path === '/v1/me';
      await forward(req, res, {
        target: deps.upstreams[route.service],
        internalToken: token,
        timeoutMs: route.streaming ? null : deps.timeoutMs,
        logger: deps.logger,
        onResponse: isAccountDeletion
          ? (status) => {
              if (status < 300) void deps.resolver.forget(caller.identity);
            }
          : undefined,
      });
    });
  }
  return r;
}
