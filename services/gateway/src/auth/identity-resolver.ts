import { createHash } from 'node:crypto';
import { ResolveIdentityResponse } from '@bookshelf/contracts';
import { DependencyUnavailableError, signInternalToken, type Logger, type Redis } from '@bookshelf/platform';
import type { Identity } from './verify-token';

export interface IdentityResolverOptions {
  usersUrl: string;
  internalSecret: string;
  redis: Redis;
  keyPrefix: string;
  ttlSeconds: number;
  logger: Logger;
}

const LOCAL_TTL_MS = 10_000;
const LOCAL_MAX = 20_000;

/**
 * (issuer, subject) → internal user id, provisioning on first sight. Cached in-process for
 * a few seconds and in Redis for longer; Redis being down only costs a call to users.
 */
export class IdentityResolver {
  private readonly local = new Map<string, { userId: string; until: number }>();

  constructor(private readonly opts: IdentityResolverOptions) {}

  private key(identity: Pick<Identity, 'issuer' | 'subject'>): string {
    const h = createHash('sha256').update(`${identity.issuer}\n${identity.subject}`).digest('base64url');
    return `${this.opts.keyPrefix}:identity:${h}`;
  }

  async resolve(identity: Identity): Promise<string> {
    const key = this.key(identity);
    const hit = this.local.get(key);
    if (hit && hit.until > Date.now()) return hit.userId;
    let userId: string | null = null;
    try {
      userId = await this.opts.redis.get(key);
    } catch (err) {
      this.opts.logger.warn({ err }, 'identity cache unavailable');
    }
    if (!userId) {
      userId = await this.callUsers(identity);
      this.opts.redis.set(key, userId, 'EX', this.opts.ttlSeconds).catch(() => undefined);
    }
    if (this.local.size >= LOCAL_MAX) this.local.clear();
    this.local.set(key, { userId, until: Date.now() + LOCAL_TTL_MS });
    return userId;
  }

  async forget(identity: Identity): Promise<void> {
    identity.userId = undefined;
    const key = this.key(identity);
    this.local.delete(key);
    await this.opts.redis.del(key).catch(() => undefined);
  }

  private async callUsers(identity: Identity): Promise<string> {
    const token = await signInternalToken(this.opts.internalSecret, { userId: null, roles: ['gateway'] });
    let res: Response;
    try {
      res = await fetch(`${this.opts.usersUrl}/internal/identities/resolve`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ issuer: identity.issuer, subject: identity.subject, email: identity.email, displayName: identity.name }),
        signal: AbortSignal.timeout(5_000),
      });
    } catch {
      throw new DependencyUnavailableError('users service');
    }
    if (!res.ok) {
      this.opts.logger.error({ status: res.status }, 'identity resolution failed');
      throw new DependencyUnavailableError('users service');
    }
    return ResolveIdentityResponse.parse(await res.json()).userId;
  }
}
