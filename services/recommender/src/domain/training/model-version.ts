import { randomBytes } from 'node:crypto';

/**
 * "20261122T030000123Z-ease-3fa2": sorts by training time (newer lists may replace older
 * ones by comparing versions), says what kind of model it is, and never collides.
 */
export function newModelVersion(kind: string, now = new Date()): string {
  const time = now.toISOString().replace(/[-:.]/g, '');
  return `${time}-${kind}-${randomBytes(2).toString('hex')}`;
}
