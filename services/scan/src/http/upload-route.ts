import { rm } from 'node:fs/promises';
import { Router } from 'express';
import { userIdOf, ValidationError } from '@bookshelf/platform';
import type { ReceivedUpload, ScanIntake } from '../domain/scan-intake';
import { discardBody, receiveUpload, type UploadLimits } from './receive-upload';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

function idempotencyKey(header: string | undefined): string | null {
  if (header === undefined) return null;
  if (!IDEMPOTENCY_KEY.test(header)) {
    throw new ValidationError([{ path: 'Idempotency-Key', message: 'must be 1-255 visible ASCII characters' }]);
  }
  return header;
}

/** POST /v1/scans: multipart upload → 202 with the queued scan. */
export function uploadRoute(intake: ScanIntake, limits: UploadLimits): Router {
  const r = Router();
  r.post('/v1/scans', async (req, res) => {
    let received: { userId: string; key: string | null; upload: ReceivedUpload };
    try {
      const userId = userIdOf(res.locals);
      const key = idempotencyKey(req.get('idempotency-key'));
      received = { userId, key, upload: await receiveUpload(req, limits) };
    } catch (err) {
      // Never answer a half-read upload: see discardBody.
      await discardBody(req, limits.maxBytes);
      throw err;
    }
    const { userId, key, upload } = received;
    try {
      const { scan, replayed } = await intake.accept(userId, upload, key);
      res.status(202).location(`/v1/scans/${scan.id}`);
      if (replayed) res.setHeader('idempotent-replayed', 'true');
      res.json(scan);
    } finally {
      await rm(upload.path, { force: true });
    }
  });
  return r;
}
