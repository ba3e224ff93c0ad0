import { RateLimitedError, type Logger, type Redis } from '@bookshelf/platform';

// Fixed window counter: INCR, set the expiry on the first hit, report the remaining TTL.
const SCRIPT = `
local c = redis.call('INCR', KEYS[1])
if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {c, redis.call('PTTL', KEYS[1])}
`;

export interface RateLimiterOptions {
  redis: Redis;
  keyPrefix: string;
  limit: number;
  windowSeconds: number;
  logger: Logger;
}

/**
 * Per-subject request budget in Redis, shared by every gateway replica. If Redis is down
 * the request is let through (and logged): an outage of the limiter must not become an
 * outage of the app.
 */
type RateLimitRedis = Redis & { rateLimitHit(key: string, windowMs: string): Promise<[number, number]> };

export class RateLimiter {
  private readonly redis: RateLimitRedis;

  constructor(private readonly opts: RateLimiterOptions) {
    // defineCommand sends the script once and EVALSHA afterwards.
    opts.redis.defineCommand('rateLimitHit', { numberOfKeys: 1, lua: SCRIPT });
    this.redis = opts.redis as RateLimitRedis;
  }

  async consume(subject: string, limit = this.opts.limit): Promise<{ remaining: number; resetMs: number }> {
    let result: [number, number];
    try {
      result = await this.redis.rateLimitHit(`${this.opts.keyPrefix}:rl:${subject}`, String(this.opts.windowSeconds * 1000));
    } catch (err) {
      this.opts.logger.warn({ err }, 'rate limiter unavailable; allowing request');
      return { remaining: limit, resetMs: 0 };
    }
    const [count, ttl] = result;
    if (count > limit) throw new RateLimitedError(Math.max(ttl, 0) / 1000);
    return { remaining: limit - count, resetMs: Math.max(ttl, 0) };
  }
}
