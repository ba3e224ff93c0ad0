import { z } from 'zod';
import { commonEnv, databaseEnv, internalAuthEnv, loadEnv, redisEnv } from '@bookshelf/platform';

export const UsersConfig = z.object({
  ...commonEnv,
  ...databaseEnv,
  ...redisEnv,
  ...internalAuthEnv,
  USERS_PORT: z.coerce.number().int().min(0).max(65535).default(8081),
  HOST: z.string().default('0.0.0.0'),
});
export type UsersConfig = z.infer<typeof UsersConfig>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): UsersConfig {
  return loadEnv(UsersConfig, env);
}
