import { z } from 'zod';
import { ConflictError, NotFoundError, ValidationError, type FieldError } from '@bookshelf/platform';
import {
  ConfirmScanRequest,
  type ConfirmScanResponse,
  type ListScansQuery,
  type ScanDetail,
  type ScanPage,
} from '@bookshelf/contracts';
import type { DetectionRow, ScanRepository, ScanRow } from '../data/scan-repository';
import type { ScanCommands } from './ports';
import { decodeCursor, encodeCursor } from './scan-cursor';
import { toDetail, toSummary } from './scan-views';
import { confirmedShelfLabel } from './shelf-labels';

const StoredConfirmation = z.object({ request: ConfirmScanRequest, items: z.array(z.unknown()) });

function sameRequest(a: ConfirmScanRequest, b: ConfirmScanRequest): boolean {
  const key = (r: ConfirmScanRequest) =>
    JSON.stringify({ label: r.shelfLabel ?? null, s: [...r.selections].sort((x, y) => x.detectionId.localeCompare(y.detectionId)) });
  return key(a) === key(b);
}

/** What a reader does with their scans once uploaded: list, look, confirm. Only the owner sees a scan. */
export class ScansService {
  constructor(
    private readonly scans: ScanRepository,
    private readonly commands: ScanCommands,
  ) {}

  async list(userId: string, q: ListScansQuery): Promise<ScanPage> {
    const rows = await this.scans.listOwned(userId, q.limit + 1, q.cursor ? decodeCursor(q.cursor) : undefined);
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return { items: page.map(toSummary), nextCursor: rows.length > q.limit && last ? encodeCursor(last.id) : null };
  }

  async owned(userId: string, scanId: string): Promise<ScanRow> {
    const row = await this.scans.findOwned(userId, scanId);
    if (!row) throw new NotFoundError('Scan not found');
    return row;
  }

  async detail(userId: string, scanId: string): Promise<ScanDetail> {
    return (await this.snapshot(userId, scanId)).detail;
  }

  /** The scan as stored now, with the processing attempt its detections belong to. */
  async snapshot(userId: string, scanId: string): Promise<{ detail: ScanDetail; attempt: number; spinesTotal: number | null }> {
    const row = await this.owned(userId, scanId);
    const detections = await this.scans.detections(scanId);
    return { detail: toDetail(row, detections), attempt: row.attempt, spinesTotal: row.spinesTotal };
  }

  /**
   * Sends the chosen books to the library with their shelf and position. Once per scan: a
   * repeat of the same confirmation is answered again (and re-sent under the same job id),
   * a different one is a conflict.
   */
  async confirm(userId: string, scanId: string, request: ConfirmScanRequest): Promise<ConfirmScanResponse> {
    const scan = await this.owned(userId, scanId);
    if (scan.status !== 'done') throw new ConflictError(`The scan is ${scan.status}; only a finished scan can be confirmed`);
    const detections = await this.scans.detections(scanId);
    const items = this.items(request, detections);

    const stored = await this.scans.confirm(scanId, { request, items });
    if (!stored) throw new ConflictError('The scan cannot be confirmed');
    const previous = StoredConfirmation.safeParse(stored.confirmation);
    if (!stored.fresh && (!previous.success || !sameRequest(previous.data.request, request))) {
      throw new ConflictError('This scan was already confirmed with other selections');
    }
    try {
      await this.commands.addToLibrary({ scanId, userId, items });
    } catch (err) {
      // Nothing will add the books (Redis is down): forget this confirmation, so the scan does not
      // look confirmed while the library never hears of it, and the reader's retry starts clean.
      if (stored.fresh) await this.scans.unconfirm(scanId, stored.confirmedAt).catch(() => undefined);
      throw err;
    }
    return { scanId, status: 'accepted', items: items.length, confirmedAt: stored.confirmedAt.toISOString() };
  }

  private items(request: ConfirmScanRequest, detections: DetectionRow[]) {
    const byId = new Map(detections.map((d) => [d.id, d]));
    const rows = new Set(detections.map((d) => d.shelfIndex)).size;
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    request.selections.forEach((s, i) => {
      if (!byId.has(s.detectionId)) errors.push({ path: `selections.${i}.detectionId`, message: 'is not a detection of this scan' });
      else if (seen.has(s.detectionId)) errors.push({ path: `selections.${i}.detectionId`, message: 'is selected twice' });
      seen.add(s.detectionId);
    });
    if (errors.length) throw new ValidationError(errors);
    return request.selections
      .map((s) => ({ s, d: byId.get(s.detectionId) as DetectionRow }))
      .sort((a, b) => a.d.order - b.d.order)
      .map(({ s, d }) => ({
        detectionId: s.detectionId,
        bookId: s.bookId,
        shelfLabel: confirmedShelfLabel(d.shelfIndex, rows, request.shelfLabel),
        position: d.position,
      }));
  }
}
