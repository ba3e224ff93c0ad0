import { ulid } from 'ulid';
import type { Visibility } from '@bookshelf/contracts';
import type { Sql } from './prisma';

export interface SettingsRow {
  visibility: Visibility;
  approve_followers: boolean;
  updated_at: Date | null;
}

export interface EdgeRow {
  user_id: string;
  status: 'following' | 'pending';
  created_at: Date;
}

export interface RequestRow {
  id: string;
  user_id: string;
  created_at: Date;
}

export interface PageAfter {
  t: string;
  i: string;
}

/** Library settings, follows and follow requests. Every method runs on the given client or transaction. */
export const social = {
  /** A reader who never saved settings has the defaults (no row). */
  async settings(sql: Sql, userId: string, defaults: SettingsRow, lock = false): Promise<SettingsRow> {
    const rows = await sql.$queryRawUnsafe<SettingsRow[]>(
      `SELECT visibility, approve_followers, updated_at FROM library_settings WHERE user_id = $1 ${lock ? 'FOR SHARE' : ''}`,
      userId,
    );
    return rows[0] ?? defaults;
  },

  async saveSettings(sql: Sql, userId: string, s: { visibility: Visibility; approveFollowers: boolean }): Promise<SettingsRow> {
    const rows = await sql.$queryRawUnsafe<SettingsRow[]>(
      `INSERT INTO library_settings (user_id, visibility, approve_followers) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET visibility = EXCLUDED.visibility, approve_followers = EXCLUDED.approve_followers, updated_at = now()
       RETURNING visibility, approve_followers, updated_at`,
      userId,
      s.visibility,
      s.approveFollowers,
    );
    return rows[0]!;
  },

  /** Locks the reader's settings row (creating it with the defaults) so a concurrent change waits. */
  async lockSettings(sql: Sql, userId: string, defaults: SettingsRow): Promise<SettingsRow> {
    await sql.$executeRawUnsafe(
      `INSERT INTO library_settings (user_id, visibility, approve_followers) VALUES ($1, $2, $3) ON CONFLICT (user_id) DO NOTHING`,
      userId,
      defaults.visibility,
      defaults.approve_followers,
    );
    const rows = await sql.$queryRawUnsafe<SettingsRow[]>(
      `SELECT visibility, approve_followers, updated_at FROM library_settings WHERE user_id = $1 FOR UPDATE`,
      userId,
    );
    return rows[0]!;
  },

  async isFollowing(sql: Sql, follower: string, followee: string): Promise<boolean> {
    const rows = await sql.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM follows WHERE follower_id = $1 AND followee_id = $2`, follower, followee);
    return rows.length > 0;
  },

  async hasRequest(sql: Sql, requester: string, target: string): Promise<boolean> {
    const rows = await sql.$queryRawUnsafe<unknown[]>(
      `SELECT 1 FROM follow_requests WHERE requester_id = $1 AND target_id = $2`,
      requester,
      target,
    );
    return rows.length > 0;
  },

  /** True when a new follow was created. */
  async addFollow(sql: Sql, follower: string, followee: string): Promise<boolean> {
    const n = await sql.$executeRawUnsafe(
      `INSERT INTO follows (follower_id, followee_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      follower,
      followee,
    );
    return n === 1;
  },

  /** True when a new request was created. */
  async addRequest(sql: Sql, requester: string, target: string): Promise<boolean> {
    const n = await sql.$executeRawUnsafe(
      `INSERT INTO follow_requests (id, requester_id, target_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      `req_${ulid()}`,
      requester,
      target,
    );
    return n === 1;
  },

  async removeFollow(sql: Sql, follower: string, followee: string): Promise<number> {
    const a = await sql.$executeRawUnsafe(`DELETE FROM follows WHERE follower_id = $1 AND followee_id = $2`, follower, followee);
    const b = await sql.$executeRawUnsafe(`DELETE FROM follow_requests WHERE requester_id = $1 AND target_id = $2`, follower, followee);
    return a + b;
  },

  /** Removes a pending request addressed to `target`; returns the requester. */
  async takeRequest(sql: Sql, requestId: string, target: string): Promise<string | null> {
    const rows = await sql.$queryRawUnsafe<{ requester_id: string }[]>(
      `DELETE FROM follow_requests WHERE id = $1 AND target_id = $2 RETURNING requester_id`,
      requestId,
      target,
    );
    return rows[0]?.requester_id ?? null;
  },

  /** Turning approval off lets everyone waiting in. */
  async approveAll(sql: Sql, target: string): Promise<number> {
    return sql.$executeRawUnsafe(
      `WITH taken AS (DELETE FROM follow_requests WHERE target_id = $1 RETURNING requester_id, created_at)
       INSERT INTO follows (follower_id, followee_id, created_at) SELECT requester_id, $1, created_at FROM taken ON CONFLICT DO NOTHING`,
      target,
    );
  },

  async followers(sql: Sql, userId: string, limit: number, after: PageAfter | null): Promise<EdgeRow[]> {
    return sql.$queryRawUnsafe<EdgeRow[]>(
      `SELECT follower_id AS user_id, 'following' AS status, created_at FROM follows
        WHERE followee_id = $1 AND ($2::timestamptz IS NULL OR (created_at, follower_id) < ($2::timestamptz, $3))
        ORDER BY created_at DESC, follower_id DESC LIMIT $4`,
      userId,
      after?.t ?? null,
      after?.i ?? '',
      limit + 1,
    );
  },

  async following(sql: Sql, userId: string, limit: number, after: PageAfter | null): Promise<EdgeRow[]> {
    return sql.$queryRawUnsafe<EdgeRow[]>(
      `SELECT * FROM (
         SELECT followee_id AS user_id, 'following' AS status, created_at FROM follows WHERE follower_id = $1
         UNION ALL
         SELECT target_id, 'pending', created_at FROM follow_requests WHERE requester_id = $1) e
        WHERE ($2::timestamptz IS NULL OR (created_at, user_id) < ($2::timestamptz, $3))
        ORDER BY created_at DESC, user_id DESC LIMIT $4`,
      userId,
      after?.t ?? null,
      after?.i ?? '',
      limit + 1,
    );
  },

  /**
   * Serialises follow, approval and block between two readers until the transaction ends, so a
   * follow racing a block cannot survive it.
   */
  async lockPair(sql: Sql, a: string, b: string): Promise<void> {
    const [x, y] = a < b ? [a, b] : [b, a];
    await sql.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtextextended('library.pair:' || $1 || ':' || $2, 0))`, x, y);
  },

  async isBlocked(sql: Sql, blocker: string, blocked: string): Promise<boolean> {
    const rows = await sql.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM blocks WHERE blocker_id = $1 AND blocked_id = $2`, blocker, blocked);
    return rows.length > 0;
  },

  /** True when a new block was created. Follows and pending requests between the two end, both ways. */
  async addBlock(sql: Sql, blocker: string, blocked: string): Promise<boolean> {
    const n = await sql.$executeRawUnsafe(`INSERT INTO blocks (blocker_id, blocked_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, blocker, blocked);
    await sql.$executeRawUnsafe(
      `DELETE FROM follows WHERE (follower_id = $1 AND followee_id = $2) OR (follower_id = $2 AND followee_id = $1)`,
      blocker,
      blocked,
    );
    await sql.$executeRawUnsafe(
      `DELETE FROM follow_requests WHERE (requester_id = $1 AND target_id = $2) OR (requester_id = $2 AND target_id = $1)`,
      blocker,
      blocked,
    );
    return n === 1;
  },

  async removeBlock(sql: Sql, blocker: string, blocked: string): Promise<void> {
    await sql.$executeRawUnsafe(`DELETE FROM blocks WHERE blocker_id = $1 AND blocked_id = $2`, blocker, blocked);
  },

  async blocks(sql: Sql, userId: string, limit: number, after: PageAfter | null): Promise<{ user_id: string; created_at: Date }[]> {
    return sql.$queryRawUnsafe<{ user_id: string; created_at: Date }[]>(
      `SELECT blocked_id AS user_id, created_at FROM blocks
        WHERE blocker_id = $1 AND ($2::timestamptz IS NULL OR (created_at, blocked_id) < ($2::timestamptz, $3))
        ORDER BY created_at DESC, blocked_id DESC LIMIT $4`,
      userId,
      after?.t ?? null,
      after?.i ?? '',
      limit + 1,
    );
  },

  async requests(sql: Sql, userId: string, limit: number, after: PageAfter | null): Promise<RequestRow[]> {
    return sql.$queryRawUnsafe<RequestRow[]>(
      `SELECT id, requester_id AS user_id, created_at FROM follow_requests
        WHERE target_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3))
        ORDER BY created_at DESC, id DESC LIMIT $4`,
      userId,
      after?.t ?? null,
      after?.i ?? '',
      limit + 1,
    );
  },
};
