import { signInternalToken } from '@bookshelf/platform';

const TTL_SECONDS = 60;
const REUSE_FOR_MS = 30_000;

/**
 * Internal tokens are short-lived; re-signing one per request is wasted CPU on the hot
 * path, so a token is reused for half its life (the request id travels as a header).
 */
export class InternalTokenCache {
  private readonly cache = new Map<string, { token: string; until: number }>();

  constructor(private readonly secret: string) {}

  async get(userId: string | null, roles: string[]): Promise<string> {
    const key = `${userId ?? ''}|${roles.join(',')}`;
    const hit = this.cache.get(key);
    const now = Date.now();
    if (hit && hit.until > now) return hit.token;
    const token = await signInternalToken(this.secret, { userId, roles }, undefined, TTL_SECONDS);
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(key, { token, until: now + REUSE_FOR_MS });
    return token;
  }
}
