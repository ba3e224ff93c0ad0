import { claimEvent } from '@bookshelf/platform';
import type { Detection, Scan } from './generated/prisma/client';
import { SCHEMA, type PrismaClient } from './prisma';

export type ScanRow = Scan & { detectionCount: number };
export type DetectionRow = Detection;

export interface NewScan {
  id: string;
  userId: string;
  mediaType: string;
  byteSize: number;
  width: number;
  height: number;
  blobKey: string;
  contentSha256: string;
  idempotencyKey: string | null;
}

const withCount = { _count: { select: { detections: true } } } as const;

function toRow(scan: Scan & { _count: { detections: number } }): ScanRow {
  const { _count, ...rest } = scan;
  return { ...rest, detectionCount: _count.detections };
}

/** Scans as their owner sees them: creation, reads, confirmation, purge. */
export class ScanRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Inserts the scan unless the user already used this Idempotency-Key; false when they had. */
  async insert(scan: NewScan): Promise<boolean> {
    const rows = await this.prisma.$queryRawUnsafe<{ id: string }[]>(
      `INSERT INTO scans (id, user_id, media_type, byte_size, width, height, blob_key, content_sha256, idempotency_key)
       VALUES ($1, $2, $3, $4::int, $5::int, $6::int, $7, $8, $9)
       ON CONFLICT (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
       RETURNING id`,
      scan.id,
      scan.userId,
      scan.mediaType,
      scan.byteSize,
      scan.width,
      scan.height,
      scan.blobKey,
      scan.contentSha256,
      scan.idempotencyKey,
    );
    return rows.length === 1;
  }

  async delete(id: string): Promise<void> {
    await this.prisma.scan.deleteMany({ where: { id } });
  }

  async findByIdempotencyKey(userId: string, key: string): Promise<ScanRow | null> {
    const scan = await this.prisma.scan.findFirst({ where: { userId, idempotencyKey: key }, include: withCount });
    return scan ? toRow(scan) : null;
  }

  async findOwned(userId: string, id: string): Promise<ScanRow | null> {
    const scan = await this.prisma.scan.findFirst({ where: { id, userId }, include: withCount });
    return scan ? toRow(scan) : null;
  }

  /** Scans still queued since before `createdBefore`, oldest first. */
  async findQueuedSince(createdBefore: Date, limit: number): Promise<{ id: string; userId: string }[]> {
    return this.prisma.$queryRawUnsafe<{ id: string; userId: string }[]>(
      `SELECT id, user_id AS "userId" FROM scans WHERE status = 'queued' AND created_at < $1 ORDER BY created_at LIMIT $2::int`,
      createdBefore,
      limit,
    );
  }

  async findById(id: string): Promise<ScanRow | null> {
    const scan = await this.prisma.scan.findUnique({ where: { id }, include: withCount });
    return scan ? toRow(scan) : null;
  }

  /** Newest first; `beforeId` is the last id of the previous page (ids are ULIDs, so time-ordered). */
  async listOwned(userId: string, limit: number, beforeId?: string): Promise<ScanRow[]> {
    const scans = await this.prisma.scan.findMany({
      where: { userId, ...(beforeId ? { id: { lt: beforeId } } : {}) },
      orderBy: { id: 'desc' },
      take: limit,
      include: withCount,
    });
    return scans.map(toRow);
  }

  async detections(scanId: string): Promise<DetectionRow[]> {
    return this.prisma.detection.findMany({ where: { scanId }, orderBy: { order: 'asc' } });
  }

  /**
   * Records the reader's confirmation once. Returns the stored confirmation and whether this
   * call stored it (false: it was confirmed before, possibly with other selections).
   */
  async confirm(id: string, confirmation: unknown): Promise<{ confirmedAt: Date; confirmation: unknown; fresh: boolean } | null> {
    const updated = await this.prisma.$queryRawUnsafe<{ confirmed_at: Date; confirmation: unknown }[]>(
      `UPDATE scans SET confirmed_at = now(), confirmation = $2::jsonb, updated_at = now()
        WHERE id = $1 AND status = 'done' AND confirmed_at IS NULL
        RETURNING confirmed_at, confirmation`,
      id,
      JSON.stringify(confirmation),
    );
    const row = updated[0];
    if (row) return { confirmedAt: row.confirmed_at, confirmation: row.confirmation, fresh: true };
    const existing = await this.prisma.scan.findUnique({ where: { id }, select: { confirmedAt: true, confirmation: true } });
    if (!existing?.confirmedAt) return null;
    return { confirmedAt: existing.confirmedAt, confirmation: existing.confirmation, fresh: false };
  }

  /** Takes back a confirmation whose command could not be sent (only the one stored at `confirmedAt`). */
  async unconfirm(id: string, confirmedAt: Date): Promise<void> {
    await this.prisma.$executeRawUnsafe(
      `UPDATE scans SET confirmed_at = NULL, confirmation = NULL, updated_at = now() WHERE id = $1 AND confirmed_at = $2`,
      id,
      confirmedAt,
    );
  }

  /** Deletes every scan of a user (detections cascade), once per event. False when already done. */
  async deleteForUser(userId: string, consumer: string, eventId: string): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      if (!(await claimEvent(tx, SCHEMA, consumer, eventId))) return false;
      await tx.$executeRawUnsafe(`DELETE FROM scans WHERE user_id = $1`, userId);
      return true;
    });
  }
}
