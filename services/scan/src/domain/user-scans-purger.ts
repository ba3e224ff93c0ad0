import type { Logger } from '@bookshelf/platform';
import type { ScanRepository } from '../data/scan-repository';
import { blobKeys, type BlobStore } from '../storage/blob-store';

const CONSUMER = 'scan.user-deleted';

/** user.deleted: a deleted account leaves no scan, detection or photo behind. */
export class UserScansPurger {
  constructor(
    private readonly scans: ScanRepository,
    private readonly blobs: BlobStore,
    private readonly logger: Logger,
  ) {}

  async purge(userId: string, eventId: string): Promise<void> {
    // Images first: deleting them again on a redelivery is harmless, a row without its image is not.
    await this.blobs.deletePrefix(blobKeys.userPrefix(userId));
    const first = await this.scans.deleteForUser(userId, CONSUMER, eventId);
    // A scan still being analysed may have written its derivative after the sweep above.
    await this.blobs.deletePrefix(blobKeys.userPrefix(userId));
    this.logger.info({ userId, eventId, first }, 'user scans purged');
  }
}
