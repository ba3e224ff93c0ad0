import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Me, ScanSummary } from '@bookshelf/contracts';
import { eventually } from '@bookshelf/testkit';
import { withDb } from './support/db';
import { startScanSystem, type ScanSystem } from './support/scan-system';
import { uploadScan } from './support/upload';

let s: ScanSystem;

beforeAll(async () => {
  s = await startScanSystem();
});
afterAll(() => s?.close());

const exists = (path: string) => access(path).then(() => true, () => false);

describe('user.deleted', () => {
  it('purges the account’s scans, detections and images, and nobody else’s', async () => {
    const photo = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#a52' } }).jpeg().toBuffer();
    const leaving = await s.reader();
    const staying = await s.reader();
    const leavingId = (await leaving.get<Me>('/v1/me')).id;
    const stayingId = (await staying.get<Me>('/v1/me')).id;
    for (const r of [leaving, leaving, staying]) expect((await uploadScan(r, photo)).status).toBe(202);
    const kept = (await staying.get<{ items: ScanSummary[] }>('/v1/scans')).items[0];
    expect(await exists(join(s.blobDir, 'users', leavingId))).toBe(true);

    expect((await leaving.request('DELETE', '/v1/me')).status).toBe(202);
    await s.sys.flushOutboxes();

    await eventually(async () => {
      const n = await withDb(String(s.sys.env.DATABASE_URL), async (db) =>
        Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM scan.scans WHERE user_id = $1`, [leavingId])).rows[0]?.n),
      );
      return n === 0 ? true : undefined;
    }, 15_000);
    expect(await exists(join(s.blobDir, 'users', leavingId))).toBe(false);
    expect(await readdir(join(s.blobDir, 'users'))).toEqual([stayingId]);
    expect((await staying.get<ScanSummary>(`/v1/scans/${kept?.id}`)).id).toBe(kept?.id);
    const consumed = await withDb(String(s.sys.env.DATABASE_URL), async (db) =>
      (await db.query(`SELECT consumer FROM scan.inbox`)).rows,
    );
    expect(consumed).toEqual([{ consumer: 'scan.user-deleted' }]);
  });
});
