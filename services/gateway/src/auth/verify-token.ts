import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { UnauthorizedError } from '@bookshelf/platform';

export interface Identity {
  issuer: string;
  subject: string;
  roles: string[];
  email: string | null;
  name: string | null;
  expiresAt: number;
  /** The internal user id, remembered briefly with the verified token (see authenticate). */
  userId?: string;
  userIdUntil?: number;
}

export interface TokenVerifierOptions {
  jwksUrl: string;
  issuer: string;
  audience: string;
  algorithms: string[];
  rolesClaim: string;
  clockToleranceSeconds: number;
}

function claimAt(payload: JWTPayload, path: string): unknown {
  // Dotted paths reach nested claims, e.g. Keycloak's realm_access.roles.
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), payload);
}

const CACHE_MAX = 10_000;
/** At most one JWKS refetch per this interval, however many unknown kids arrive. */
const JWKS_COOLDOWN_MS = 2_000;

/**
 * Verifies IdP access tokens: signature against the remote JWKS (cached; an unknown kid
 * triggers at most one refetch per cooldown, so a kid flood cannot hammer the IdP),
 * pinned issuer, audience and algorithm allow-list. jku/x5u/jwk headers are never followed.
 * A verified token is remembered until it expires, keeping crypto off the hot path.
 */
export class TokenVerifier {
  private readonly jwks;
  private readonly verified = new Map<string, Identity>();

  constructor(private readonly opts: TokenVerifierOptions) {
    this.jwks = createRemoteJWKSet(new URL(opts.jwksUrl), {
      cooldownDuration: JWKS_COOLDOWN_MS,
      cacheMaxAge: 10 * 60_000,
      timeoutDuration: 3_000,
    });
  }

  private async verifySignature(token: string): Promise<JWTPayload> {
    const verify = () =>
      jwtVerify(token, this.jwks, {
        issuer: this.opts.issuer,
        audience: this.opts.audience,
        algorithms: this.opts.algorithms,
        clockTolerance: this.opts.clockToleranceSeconds,
        requiredClaims: ['sub', 'exp', 'iss'],
      });
    try {
      return (await verify()).payload;
    } catch (err) {
      // A key rotated in while the JWKS was cooling down (say, during a flood of bogus kids):
      // wait out the cooldown once and look again, so a real new key is never refused for long.
      if ((err as { code?: string }).code !== 'ERR_JWKS_NO_MATCHING_KEY' || !this.jwks.coolingDown) throw err;
      await new Promise((r) => setTimeout(r, JWKS_COOLDOWN_MS));
      return (await verify()).payload;
    }
  }

  async verify(token: string): Promise<Identity> {
    const now = Date.now() / 1000;
    const hit = this.verified.get(token);
    if (hit) {
      if (hit.expiresAt > now - this.opts.clockToleranceSeconds) return hit;
      this.verified.delete(token);
    }
    let payload: JWTPayload;
    try {
      payload = await this.verifySignature(token);
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      throw new UnauthorizedError(code === 'ERR_JWT_EXPIRED' ? 'Token expired' : 'Invalid token');
    }
    const rolesRaw = claimAt(payload, this.opts.rolesClaim);
    const identity: Identity = {
      issuer: payload.iss ?? '',
      subject: payload.sub ?? '',
      roles: Array.isArray(rolesRaw) ? rolesRaw.filter((r): r is string => typeof r === 'string') : [],
      email: typeof payload.email === 'string' ? payload.email : null,
      name: typeof payload.name === 'string' ? payload.name : null,
      expiresAt: payload.exp ?? now,
    };
    if (this.verified.size >= CACHE_MAX) {
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(token, identity);
    return identity;
  }
}

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(header.trim());
  return m?.[1] ?? null;
}
