import { z } from 'zod';

/** Internal ids are prefixed ULIDs (Crockford base32, 26 chars). */
export const ID_PREFIXES = ['usr', 'bk', 'ub', 'scn', 'det', 'imp', 'evt', 'fol', 'req'] as const;
export type IdPrefix = (typeof ID_PREFIXES)[number];

const ULID = '[0-9A-HJKMNP-TV-Z]{26}';

export function idSchema(prefix: IdPrefix) {
  return z.string().regex(new RegExp(`^${prefix}_${ULID}$`), `must be a ${prefix}_ id`);
}

export const UserId = idSchema('usr');
export const BookId = idSchema('bk');
export const UserBookId = idSchema('ub');
export const ScanId = idSchema('scn');
export const DetectionId = idSchema('det');
export const ImportId = idSchema('imp');
export const EventId = idSchema('evt');
