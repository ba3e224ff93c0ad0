import { z } from 'zod';

const Genre = z.string().trim().min(1).max(64);

/** A reader's domain preferences, stored as JSONB. Unknown keys are rejected. */
export const Preferences = z.strictObject({
  preferred_genres: z.array(Genre).max(100).optional(),
  ui_theme: z.enum(['light', 'dark', 'system']).optional(),
  author_blocklist: z.array(z.string().trim().min(1).max(200)).max(500).optional(),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag').optional(),
  genre_weights: z.record(Genre, z.number().min(-1).max(1)).optional(),
});
export type Preferences = z.infer<typeof Preferences>;

/**
 * RFC 7396 merge patch of preferences: every field may also be null (removes it);
 * genre_weights entries may be null (remove that genre).
 */
export const PreferencesPatch = z.strictObject({
  preferred_genres: z.array(Genre).max(100).nullable().optional(),
  ui_theme: z.enum(['light', 'dark', 'system']).nullable().optional(),
  author_blocklist: z.array(z.string().trim().min(1).max(200)).max(500).nullable().optional(),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag')
    .nullable()
    .optional(),
  genre_weights: z.record(Genre, z.number().min(-1).max(1).nullable()).nullable().optional(),
});
export type PreferencesPatch = z.infer<typeof PreferencesPatch>;
