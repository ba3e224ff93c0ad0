import type { Pool } from 'pg';
import { ulid } from 'ulid';
import { publishEvent } from '@bookshelf/platform';
import type { Preferences, PreferencesPatch } from '@bookshelf/contracts';
import { SCHEMA, type PrismaClient } from './prisma';

export interface UserRow {
  id: string;
  idp_issuer: string;
  idp_subject: string;
  email: string | null;
  display_name: string | null;
  domain_preferences: Preferences;
  created_at: Date;
  updated_at: Date;
}

// Patches to one reader queue on the row lock; give them time to get a connection.
const TX_OPTIONS = { maxWait: 5_000, timeout: 10_000 };

const COLUMNS = 'id, idp_issuer, idp_subject, email, display_name, domain_preferences, created_at, updated_at';

/** The only code that touches the users schema. */
export class UserRepository {
  constructor(
    private readonly prisma: PrismaClient,
    /** The same pool Prisma uses: the hottest read (GET /v1/me) skips the ORM layer. */
    private readonly pool: Pool,
  ) {}

  /**
   * Find-or-create in one statement: concurrent first requests race on the partial unique
   * index and exactly one insert wins; the losers read the winner's row.
   */
  async provision(identity: {
    issuer: string;
    subject: string;
    email?: string | null;
    displayName?: string | null;
  }): Promise<{ id: string; created: boolean }> {
    const existing = await this.findLiveIdentity(identity.issuer, identity.subject);
    if (existing) return { id: existing, created: false };
    return this.prisma.$transaction(async (tx) => {
      const id = `usr_${ulid()}`;
      const inserted = await tx.$queryRawUnsafe<{ id: string }[]>(
        `INSERT INTO users (id, idp_issuer, idp_subject, email, display_name)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (idp_issuer, idp_subject) WHERE deleted_at IS NULL DO NOTHING
         RETURNING id`,
        id,
        identity.issuer,
        identity.subject,
        identity.email ?? null,
        identity.displayName ?? null,
      );
      if (inserted.length === 1) {
        await publishEvent(tx, SCHEMA, 'user.provisioned', { userId: id, issuer: identity.issuer, subject: identity.subject });
        return { id, created: true };
      }
      const winner = await tx.$queryRawUnsafe<{ id: string }[]>(
        `SELECT id FROM users WHERE idp_issuer = $1 AND idp_subject = $2 AND deleted_at IS NULL`,
        identity.issuer,
        identity.subject,
      );
      const row = winner[0];
      if (!row) throw new Error('identity vanished during provisioning');
      return { id: row.id, created: false };
    });
  }

  private async findLiveIdentity(issuer: string, subject: string): Promise<string | null> {
    const rows = await this.prisma.$queryRawUnsafe<{ id: string }[]>(
      `SELECT id FROM users WHERE idp_issuer = $1 AND idp_subject = $2 AND deleted_at IS NULL`,
      issuer,
      subject,
    );
    return rows[0]?.id ?? null;
  }

  async findLive(id: string): Promise<UserRow | null> {
    const { rows } = await this.pool.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1 AND deleted_at IS NULL`, [id]);
    return rows[0] ?? null;
  }

  /** RFC 7396 merge done by Postgres under the row lock: no read-modify-write in JS. */
  async mergePreferences(id: string, patch: PreferencesPatch): Promise<UserRow | null> {
    return this.prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRawUnsafe<UserRow[]>(
        `UPDATE users SET domain_preferences = jsonb_merge_patch(domain_preferences, $2::jsonb), updated_at = now()
          WHERE id = $1 AND deleted_at IS NULL RETURNING ${COLUMNS}`,
        id,
        JSON.stringify(patch),
      );
      const row = rows[0];
      if (!row) return null;
      await publishEvent(tx, SCHEMA, 'user.preferences-updated', { userId: id, preferences: row.domain_preferences });
      return row;
    }, TX_OPTIONS);
  }

  /** Soft delete: personal data is cleared now, other services purge theirs on user.deleted. */
  async softDelete(id: string): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const n = await tx.$executeRawUnsafe(
        `UPDATE users SET deleted_at = now(), updated_at = now(), email = NULL, display_name = NULL,
                domain_preferences = '{}'::jsonb
          WHERE id = $1 AND deleted_at IS NULL`,
        id,
      );
      if (n !== 1) return false;
      await publishEvent(tx, SCHEMA, 'user.deleted', { userId: id });
      return true;
    });
  }
}
