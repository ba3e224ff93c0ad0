import { ulid } from 'ulid';
import type { Logger } from '@bookshelf/platform';
import type { ScanDetection, ScanFailureCode, SpinePolygon } from '@bookshelf/contracts';
import type { ProcessingRepository } from '../data/processing-repository';
import type { ScanRepository } from '../data/scan-repository';
import { blobKeys, type BlobStore } from '../storage/blob-store';
import type { DetectedSpine, ShelfAnalyser } from './analyser';
import { sharpDecodable } from './media/heic';
import { uprightCopy } from './media/upright-copy';
import type { MatchingFlow, ScanEvents, SpineTexts } from './ports';
import { defaultShelfLabel, RowPositions } from './shelf-labels';

/** The matcher's limits (catalog.match-spines payload). */
const MAX_SPINES = 500;
const MAX_TEXTS = 20;
const MAX_TEXT = 500;

export type DetectOutcome = 'detected' | 'resumed-matching' | 'skipped' | 'superseded';

/**
 * scan.detect: original → upright derivative → spines (stored and announced one by one) →
 * matching flow. Safe to run again after a crash at any point: a finished step is not redone,
 * an unfinished attempt is replaced by the next one.
 */
export class ScanDetector {
  constructor(
    private readonly deps: {
      scans: ScanRepository;
      processing: ProcessingRepository;
      blobs: BlobStore;
      analyser: ShelfAnalyser;
      events: ScanEvents;
      matching: MatchingFlow;
      maxPixels: number;
      logger: Logger;
    },
  ) {}

  async detect(scanId: string, userId: string): Promise<DetectOutcome> {
    const { scans, processing, blobs, events } = this.deps;
    const scan = await scans.findById(scanId);
    if (!scan || scan.userId !== userId || scan.status === 'done' || scan.status === 'failed') return 'skipped';
    if (scan.detectedAt) {
      // Detections were stored by an attempt that died before matching started.
      await this.startMatching(scanId, userId);
      return 'resumed-matching';
    }
    const attempt = await processing.beginAttempt(scanId);
    if (attempt === null) return 'skipped';
    await events.publish(scanId, progress(scanId, attempt, 'preparing', null, null));

    const original = await sharpDecodable(await blobs.get(scan.blobKey), this.deps.maxPixels);
    await blobs.put(blobKeys.upright(userId, scanId), await uprightCopy(original, this.deps.maxPixels), 'image/jpeg');

    await processing.setStage(scanId, attempt, 'detecting');
    await events.publish(scanId, progress(scanId, attempt, 'detecting', 0, null));
    const writer = new DetectionWriter(scanId, attempt, processing, events);
    const reading = await this.deps.analyser.analyse(original, (spine, p) => writer.add(spine, p.done, p.total));
    const stored = await writer.finish();
    if (!stored || !(await processing.completeDetection(scanId, attempt))) {
      this.deps.logger.warn({ scanId, attempt }, 'attempt superseded; its results were discarded');
      // Deleted meanwhile (account purge): do not leave the derivative behind.
      if (!(await scans.findById(scanId))) await blobs.deletePrefix(blobKeys.scanPrefix(userId, scanId));
      return 'superseded';
    }
    this.deps.logger.info({ scanId, attempt, spines: reading.spines.length, width: reading.width, height: reading.height }, 'spines detected');
    await events.publish(scanId, progress(scanId, attempt, 'matching', reading.spines.length, reading.spines.length));
    await this.startMatching(scanId, userId);
    return 'detected';
  }

  /** The scan will not finish: record why and tell whoever is watching. */
  async fail(scanId: string, code: ScanFailureCode, message: string): Promise<void> {
    if (await this.deps.processing.markFailed(scanId, code, message)) {
      await this.deps.events.publish(scanId, { type: 'failed', data: { scanId, failure: { code, message } } });
    }
  }

  private async startMatching(scanId: string, userId: string): Promise<void> {
    const detections = await this.deps.scans.detections(scanId);
    const spines: SpineTexts = detections
      .map((d) => ({
        detectionId: d.id,
        texts: (d.texts as { text: string; confidence: number }[])
          .filter((t) => t.text.trim() !== '')
          .slice(0, MAX_TEXTS)
          .map((t) => ({ text: t.text.slice(0, MAX_TEXT), confidence: Math.min(1, Math.max(0, t.confidence)) })),
      }))
      .filter((s) => s.texts.length > 0)
      .slice(0, MAX_SPINES);
    await this.deps.matching.start({ scanId, userId }, spines);
  }
}

function progress(scanId: string, attempt: number, stage: 'preparing' | 'detecting' | 'matching', done: number | null, total: number | null) {
  return {
    type: 'progress' as const,
    attempt,
    data: { scanId, status: 'processing' as const, stage, done, total, reset: attempt > 1 && stage === 'preparing' },
  };
}

/**
 * The analyser reports spines synchronously as it reads them; each is stored (fenced by the
 * attempt) and then announced, in order, without holding the analysis up.
 */
class DetectionWriter {
  private chain: Promise<boolean> = Promise.resolve(true);
  private readonly positions = new RowPositions();
  private totalStored = false;

  constructor(
    private readonly scanId: string,
    private readonly attempt: number,
    private readonly processing: ProcessingRepository,
    private readonly events: ScanEvents,
  ) {}

  add(spine: DetectedSpine, done: number, total: number): void {
    const detection: ScanDetection = {
      id: `det_${ulid()}`,
      order: spine.order,
      shelfIndex: spine.shelfIndex,
      shelfLabel: defaultShelfLabel(spine.shelfIndex),
      position: this.positions.next(spine.shelfIndex),
      flat: spine.flat,
      polygon: spine.polygon.map(([x, y]) => [Math.round(x), Math.round(y)]) as unknown as SpinePolygon,
      text: spine.text,
      texts: spine.texts.map((t) => ({ text: t.text, confidence: Math.min(1, Math.max(0, t.confidence)) })),
      confidence: Math.min(1, Math.max(0, spine.confidence)),
      candidates: [],
      suggestedBookId: null,
    };
    this.chain = this.chain.then(async (ok) => {
      if (!ok) return false;
      if (!this.totalStored) {
        this.totalStored = true;
        await this.processing.setStage(this.scanId, this.attempt, 'detecting', total);
      }
      if (!(await this.processing.insertDetection(this.scanId, this.attempt, detection))) return false;
      await this.events.publish(this.scanId, { type: 'detection', attempt: this.attempt, data: detection });
      await this.events.publish(this.scanId, {
        type: 'progress',
        attempt: this.attempt,
        data: { scanId: this.scanId, status: 'processing', stage: 'detecting', done, total, reset: false },
      });
      return true;
    });
    // Failures surface from finish(); until then the chain must not count as unhandled.
    this.chain.catch(() => undefined);
  }

  /** Resolves when every spine is stored: false when the attempt was superseded meanwhile. */
  finish(): Promise<boolean> {
    return this.chain;
  }
}
