import { z } from 'zod';
import { FollowRequestId, UserId, type LibrarySettings, type LibrarySettingsUpdate } from '@bookshelf/contracts';
import { ConflictError, NotFoundError, ValidationError } from '@bookshelf/platform';
import type { Sql } from '../../data/prisma';
import { social, type EdgeRow, type PageAfter, type RequestRow, type SettingsRow } from '../../data/social-repository';
import type { Transact } from '../../data/transactor';
import { decodeCursor, encodeCursor } from '../cursor';
import type { Viewer } from './visibility';

/** What a reader who never opened the settings gets: friends see the library, no approval needed. */
export const DEFAULT_SETTINGS: SettingsRow = { visibility: 'followers', approve_followers: false, updated_at: null };

const EdgeCursor = z.object({ t: z.iso.datetime(), i: z.string() });

function toSettings(r: SettingsRow): LibrarySettings {
  return { visibility: r.visibility, approveFollowers: r.approve_followers, updatedAt: r.updated_at?.toISOString() ?? null };
}

/**
 * User ids belong to the users service; the library cannot check them. A well-formed id is a
 * possible reader (following one nobody uses is harmless), anything else does not exist.
 */
export function assertUserId(id: string): void {
  if (!UserId.safeParse(id).success) throw new NotFoundError('No such reader');
}

function pageOf<R extends { created_at: Date }, T>(rows: R[], limit: number, key: (r: R) => string, map: (r: R) => T) {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(map),
    nextCursor: rows.length > limit && last ? encodeCursor({ t: last.created_at.toISOString(), i: key(last) }) : null,
  };
}

/** Library settings and the follow graph. */
export class SocialService {
  constructor(
    private readonly sql: Sql,
    private readonly transact: Transact,
  ) {}

  async settings(userId: string): Promise<LibrarySettings> {
    return toSettings(await social.settings(this.sql, userId, DEFAULT_SETTINGS));
  }

  async visibilityOf(userId: string): Promise<SettingsRow> {
    return social.settings(this.sql, userId, DEFAULT_SETTINGS);
  }

  async updateSettings(userId: string, update: LibrarySettingsUpdate): Promise<LibrarySettings> {
    return this.transact(async (tx) => {
      const current = await social.lockSettings(tx, userId, DEFAULT_SETTINGS);
      const next = {
        visibility: update.visibility ?? current.visibility,
        approveFollowers: update.approveFollowers ?? current.approve_followers,
      };
      const saved = await social.saveSettings(tx, userId, next);
      if (current.approve_followers && !next.approveFollowers) await social.approveAll(tx, userId);
      return toSettings(saved);
    });
  }

  async viewerOf(viewerId: string, ownerId: string): Promise<Viewer> {
    if (viewerId === ownerId) return 'owner';
    const [blocked, following] = await Promise.all([social.isBlocked(this.sql, ownerId, viewerId), social.isFollowing(this.sql, viewerId, ownerId)]);
    if (blocked) return 'blocked';
    return following ? 'follower' : 'other';
  }

  /** Ends follows and requests between the two, both ways; the blocked reader then sees a 404. */
  async block(blockerId: string, targetId: string): Promise<boolean> {
    assertUserId(targetId);
    if (blockerId === targetId) throw new ValidationError([{ path: 'userId', message: 'you cannot block yourself' }]);
    return this.transact(async (tx) => {
      await social.lockPair(tx, blockerId, targetId);
      return social.addBlock(tx, blockerId, targetId);
    });
  }

  async unblock(blockerId: string, targetId: string): Promise<void> {
    assertUserId(targetId);
    await social.removeBlock(this.sql, blockerId, targetId);
  }

  async blocks(userId: string, limit: number, cursor?: string) {
    const rows = await social.blocks(this.sql, userId, limit, decodeCursor(cursor, EdgeCursor) as PageAfter | null);
    return pageOf(rows, limit, (r) => r.user_id, (r) => ({ userId: r.user_id, since: r.created_at.toISOString() }));
  }

  /** 'following' now, or 'pending' when the reader approves followers; `created` false when unchanged. */
  async follow(followerId: string, targetId: string): Promise<{ status: 'following' | 'pending'; created: boolean }> {
    assertUserId(targetId);
    if (followerId === targetId) throw new ValidationError([{ path: 'userId', message: 'you cannot follow yourself' }]);
    return this.transact(async (tx) => {
      await social.lockPair(tx, followerId, targetId);
      // Blocked: the reader does not exist as far as the blocked one can tell.
      if (await social.isBlocked(tx, targetId, followerId)) throw new NotFoundError('No such reader');
      if (await social.isBlocked(tx, followerId, targetId)) throw new ConflictError('You blocked this reader; unblock them first');
      if (await social.isFollowing(tx, followerId, targetId)) return { status: 'following' as const, created: false };
      // FOR SHARE: a concurrent "approval off" either sees this request (and approves it) or waits for it.
      const settings = await social.settings(tx, targetId, DEFAULT_SETTINGS, true);
      if (settings.approve_followers) return { status: 'pending' as const, created: await social.addRequest(tx, followerId, targetId) };
      return { status: 'following' as const, created: await social.addFollow(tx, followerId, targetId) };
    });
  }

  async unfollow(followerId: string, targetId: string): Promise<void> {
    assertUserId(targetId);
    await social.removeFollow(this.sql, followerId, targetId);
  }

  async removeFollower(ownerId: string, followerId: string): Promise<void> {
    assertUserId(followerId);
    await social.removeFollow(this.sql, followerId, ownerId);
  }

  async decide(ownerId: string, requestId: string, approve: boolean) {
    if (!FollowRequestId.safeParse(requestId).success) throw new NotFoundError('No such follow request');
    return this.transact(async (tx) => {
      const requester = await social.takeRequest(tx, requestId, ownerId);
      if (!requester) throw new NotFoundError('No such follow request');
      if (approve) {
        await social.lockPair(tx, requester, ownerId);
        // A block that raced this approval wins.
        const blocked = (await social.isBlocked(tx, ownerId, requester)) || (await social.isBlocked(tx, requester, ownerId));
        if (!blocked) await social.addFollow(tx, requester, ownerId);
      }
      return { id: requestId, userId: requester, status: approve ? ('approved' as const) : ('rejected' as const) };
    });
  }

  async followers(userId: string, limit: number, cursor?: string) {
    const rows = await social.followers(this.sql, userId, limit, decodeCursor(cursor, EdgeCursor) as PageAfter | null);
    return pageOf(rows, limit, (r: EdgeRow) => r.user_id, (r) => ({ userId: r.user_id, since: r.created_at.toISOString() }));
  }

  async following(userId: string, limit: number, cursor?: string) {
    const rows = await social.following(this.sql, userId, limit, decodeCursor(cursor, EdgeCursor) as PageAfter | null);
    return pageOf(rows, limit, (r: EdgeRow) => r.user_id, (r) => ({ userId: r.user_id, status: r.status, since: r.created_at.toISOString() }));
  }

  async requests(userId: string, limit: number, cursor?: string) {
    const rows = await social.requests(this.sql, userId, limit, decodeCursor(cursor, EdgeCursor) as PageAfter | null);
    return pageOf(rows, limit, (r: RequestRow) => r.id, (r) => ({ id: r.id, userId: r.user_id, createdAt: r.created_at.toISOString() }));
  }
}
