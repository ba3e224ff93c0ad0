import { z } from 'zod';
import { commonEnv, loadEnv } from '@bookshelf/platform';

export const DevIdpConfig = z.object({
  ...commonEnv,
  DEV_IDP_PORT: z.coerce.number().int().min(0).max(65535).default(8090),
  HOST: z.string().default('0.0.0.0'),
  /** The issuer this IdP signs as; the gateway pins AUTH_ISSUER to it. Defaults to its own URL. */
  DEV_IDP_ISSUER: z.string().url().optional(),
  DEV_IDP_AUDIENCE: z.string().min(1).default('bookshelf-api'),
  /** Where to keep keys across restarts so tokens stay valid; in memory when unset. */
  DEV_IDP_KEYS_FILE: z.string().optional(),
  DEV_IDP_MAX_TTL_SECONDS: z.coerce.number().int().min(1).default(86_400),
});
export type DevIdpConfig = z.infer<typeof DevIdpConfig>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): DevIdpConfig {
  return loadEnv(DevIdpConfig, env);
}
