import { ulid } from 'ulid';
import { ValidationError, UnsupportedMediaTypeError, type Logger } from '@bookshelf/platform';
import type { ScanSummary } from '@bookshelf/contracts';
import type { ScanRepository, ScanRow } from '../data/scan-repository';
import { blobKeys, type BlobStore } from '../storage/blob-store';
import { isCompleteImage, type ByteSource } from './media/completeness';
import { sniffImageType } from './media/image-type';
import { inspectImage } from './media/inspect-image';
import type { ScanCommands } from './ports';
import { toSummary } from './scan-views';

/** An upload that arrived in full, spooled to a local file. */
export interface ReceivedUpload {
  path: string;
  bytes: number;
  sha256: string;
  head: Buffer;
  source: ByteSource;
}

export interface IntakeResult {
  scan: ScanSummary;
  /** true when an earlier request with the same Idempotency-Key created it. */
  replayed: boolean;
}

const reusedKey = () =>
  new ValidationError(
    [{ path: 'Idempotency-Key', message: 'was already used for a different image' }],
    'This Idempotency-Key was already used for a different image',
  );

/** Accepts a shelf photo: checks what it really is, stores the original, queues detection. */
export class ScanIntake {
  constructor(
    private readonly scans: ScanRepository,
    private readonly blobs: BlobStore,
    private readonly commands: ScanCommands,
    private readonly maxPixels: number,
    private readonly logger: Logger,
  ) {}

  async accept(userId: string, upload: ReceivedUpload, idempotencyKey: string | null): Promise<IntakeResult> {
    if (idempotencyKey) {
      const earlier = await this.scans.findByIdempotencyKey(userId, idempotencyKey);
      if (earlier) return this.replay(earlier, upload);
    }
    const mediaType = sniffImageType(upload.head);
    if (!mediaType) throw new UnsupportedMediaTypeError('The image must be a JPEG, PNG, WebP or HEIF photo');
    if (!(await isCompleteImage(mediaType, upload.source))) {
      throw new ValidationError([{ path: 'image', message: 'is truncated' }], 'The image is truncated');
    }
    const { width, height } = await inspectImage(upload.path, this.maxPixels);

    const id = `scn_${ulid()}`;
    const blobKey = blobKeys.original(userId, id);
    await this.blobs.putFile(blobKey, upload.path, mediaType);
    const inserted = await this.scans
      .insert({ id, userId, mediaType, byteSize: upload.bytes, width, height, blobKey, contentSha256: upload.sha256, idempotencyKey })
      .catch(async (err: unknown) => {
        await this.blobs.deletePrefix(blobKeys.scanPrefix(userId, id));
        throw err;
      });
    if (!inserted) {
      // A concurrent request with the same key won the race.
      await this.blobs.deletePrefix(blobKeys.scanPrefix(userId, id));
      const winner = idempotencyKey ? await this.scans.findByIdempotencyKey(userId, idempotencyKey) : null;
      if (!winner) throw new Error('idempotent scan vanished');
      return this.replay(winner, upload);
    }
    try {
      await this.commands.enqueueDetect(id, userId);
    } catch (err) {
      // Nothing would ever process it: undo, so a retry starts clean.
      await this.scans.delete(id);
      await this.blobs.deletePrefix(blobKeys.scanPrefix(userId, id));
      throw err;
    }
    const row = await this.scans.findById(id);
    if (!row) throw new Error('scan vanished after insert');
    this.logger.info({ scanId: id, mediaType, width, height, bytes: upload.bytes }, 'scan accepted');
    return { scan: toSummary(row), replayed: false };
  }

  private async replay(earlier: ScanRow, upload: ReceivedUpload): Promise<IntakeResult> {
    if (earlier.contentSha256 !== upload.sha256) throw reusedKey();
    // The first request may have died between insert and enqueue; the job id makes this a no-op otherwise.
    if (earlier.status === 'queued') await this.commands.enqueueDetect(earlier.id, earlier.userId);
    return { scan: toSummary(earlier), replayed: true };
  }
}
