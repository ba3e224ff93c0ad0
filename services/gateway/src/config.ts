import { z } from 'zod';
import { commonEnv, internalAuthEnv, loadEnv, redisEnv } from '@bookshelf/platform';

const csv = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

export const GatewayConfig = z.object({
  ...commonEnv,
  ...redisEnv,
  ...internalAuthEnv,
  GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  AUTH_JWKS_URL: z.string().url(),
  AUTH_ISSUER: z.string().min(1),
  AUTH_AUDIENCE: z.string().min(1),
  AUTH_ALGORITHMS: csv('RS256,ES256').pipe(
    z.array(z.enum(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'])).min(1),
  ),
  AUTH_ROLES_CLAIM: z.string().min(1).default('roles'),
  AUTH_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(300).default(5),
  USERS_URL: z.string().url().default('http://127.0.0.1:8081'),
  LIBRARY_URL: z.string().url().default('http://127.0.0.1:8082'),
  SCAN_URL: z.string().url().default('http://127.0.0.1:8083'),
  RECOMMENDER_URL: z.string().url().default('http://127.0.0.1:8084'),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  IDENTITY_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).default(300),
  RATE_LIMIT_REQUESTS: z.coerce.number().int().min(1).default(1_200),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  RATE_LIMIT_PUBLIC_REQUESTS: z.coerce.number().int().min(1).default(120),
  ADMIN_SESSION_TTL_SECONDS: z.coerce.number().int().min(60).default(1_800),
  /** Set when the gateway runs behind TLS termination so the admin cookie gets `Secure`. */
  ADMIN_COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});
export type GatewayConfig = z.infer<typeof GatewayConfig>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return loadEnv(GatewayConfig, env);
}
