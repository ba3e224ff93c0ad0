import type { ScanFailureCode, ScanStage, SpinePolygon } from '@bookshelf/contracts';
import type { PrismaClient } from './prisma';

export interface NewDetection {
  id: string;
  order: number;
  shelfIndex: number;
  shelfLabel: string;
  position: number;
  flat: boolean;
  polygon: SpinePolygon;
  text: string;
  texts: readonly { text: string; confidence: number }[];
  confidence: number;
}

export interface DetectionMatch {
  detectionId: string;
  candidates: unknown[];
  suggestedBookId: string | null;
}

/**
 * The worker's writes. Every processing attempt gets a number; a write carrying an older number
 * changes nothing, so a worker that lost its job (killed, stalled, timed out) cannot leave a
 * second set of detections behind.
 */
export class ProcessingRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Starts an attempt: processing, previous attempt's detections gone. null when there is nothing to do. */
  async beginAttempt(scanId: string): Promise<number | null> {
    return this.prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRawUnsafe<{ attempt: number }[]>(
        `UPDATE scans SET status = 'processing', stage = 'preparing', attempt = attempt + 1, spines_total = NULL, updated_at = now()
          WHERE id = $1 AND status IN ('queued', 'processing') AND detected_at IS NULL
          RETURNING attempt`,
        scanId,
      );
      const row = rows[0];
      if (!row) return null;
      // After the row lock: a stale attempt's insert either committed before (deleted here) or sees the new attempt.
      await tx.$executeRawUnsafe(`DELETE FROM detections WHERE scan_id = $1`, scanId);
      return row.attempt;
    });
  }

  async setStage(scanId: string, attempt: number, stage: ScanStage, total: number | null = null): Promise<boolean> {
    const n = await this.prisma.$executeRawUnsafe(
      `UPDATE scans SET stage = $3, spines_total = COALESCE($4::int, spines_total), updated_at = now()
        WHERE id = $1 AND attempt = $2::int AND status = 'processing'`,
      scanId,
      attempt,
      stage,
      total,
    );
    return n === 1;
  }

  /** Stores one spine if the attempt is still current (the scan row is share-locked meanwhile). */
  async insertDetection(scanId: string, attempt: number, d: NewDetection): Promise<boolean> {
    const n = await this.prisma.$executeRawUnsafe(
      `WITH current AS (
         SELECT id FROM scans WHERE id = $1 AND attempt = $2::int AND status = 'processing' AND detected_at IS NULL FOR SHARE
       )
       INSERT INTO detections (id, scan_id, attempt, "order", shelf_index, shelf_label, position, flat, polygon, text, texts, confidence)
       SELECT $3, current.id, $2::int, $4::int, $5::int, $6, $7::int, $8::boolean, $9::jsonb, $10, $11::jsonb, $12::real FROM current`,
      scanId,
      attempt,
      d.id,
      d.order,
      d.shelfIndex,
      d.shelfLabel,
      d.position,
      d.flat,
      JSON.stringify(d.polygon),
      d.text,
      JSON.stringify(d.texts),
      d.confidence,
    );
    return n === 1;
  }

  /** The attempt's detections are complete: from now on only matching remains. */
  async completeDetection(scanId: string, attempt: number): Promise<boolean> {
    const n = await this.prisma.$executeRawUnsafe(
      `UPDATE scans SET stage = 'matching', detected_at = now(), updated_at = now(),
              spines_total = (SELECT count(*) FROM detections WHERE scan_id = $1)
        WHERE id = $1 AND attempt = $2::int AND status = 'processing' AND detected_at IS NULL`,
      scanId,
      attempt,
    );
    return n === 1;
  }

  /** Stores candidates and marks the scan done, once: false when it was not waiting for matches. */
  async storeMatches(scanId: string, matches: DetectionMatch[]): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const n = await tx.$executeRawUnsafe(
        `UPDATE scans SET status = 'done', stage = NULL, completed_at = now(), updated_at = now()
          WHERE id = $1 AND status = 'processing' AND detected_at IS NOT NULL`,
        scanId,
      );
      if (n !== 1) return false;
      await tx.$executeRawUnsafe(
        `UPDATE detections d SET candidates = x.candidates, suggested_book_id = x.suggested_book_id
           FROM jsonb_to_recordset($2::jsonb) AS x(detection_id text, candidates jsonb, suggested_book_id text)
          WHERE d.scan_id = $1 AND d.id = x.detection_id`,
        scanId,
        JSON.stringify(
          matches.map((m) => ({ detection_id: m.detectionId, candidates: m.candidates, suggested_book_id: m.suggestedBookId })),
        ),
      );
      return true;
    });
  }

  /** Fails a scan that is not finished yet; false when it already was (or is gone). */
  async markFailed(scanId: string, code: ScanFailureCode, message: string): Promise<boolean> {
    const n = await this.prisma.$executeRawUnsafe(
      `UPDATE scans SET status = 'failed', stage = NULL, failure_code = $2, failure_message = $3,
              completed_at = now(), updated_at = now()
        WHERE id = $1 AND status IN ('queued', 'processing')`,
      scanId,
      code,
      message.slice(0, 500),
    );
    return n === 1;
  }
}
