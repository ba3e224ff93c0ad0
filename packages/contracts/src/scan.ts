import { z } from 'zod';
import { BookId, DetectionId, ScanId } from './ids';
import { SpineCandidate } from './books';
import { page } from './problem';

/** queued → processing → done | failed. */
export const ScanStatus = z.enum(['queued', 'processing', 'done', 'failed']);
export type ScanStatus = z.infer<typeof ScanStatus>;

/** Where a processing scan is: preparing the photo, finding and reading spines, matching them to books. */
export const ScanStage = z.enum(['preparing', 'detecting', 'matching']);
export type ScanStage = z.infer<typeof ScanStage>;

export const ScanFailureCode = z.enum(['unreadable_image', 'processing_failed', 'matching_failed']);
export type ScanFailureCode = z.infer<typeof ScanFailureCode>;

export const ScanFailure = z.object({ code: ScanFailureCode, message: z.string() });
export type ScanFailure = z.infer<typeof ScanFailure>;

/** [x, y] in pixels of the upright photo (EXIF orientation applied). */
export const ImagePoint = z.tuple([z.number(), z.number()]);
/** Four corners, clockwise from top-left. */
export const SpinePolygon = z.tuple([ImagePoint, ImagePoint, ImagePoint, ImagePoint]);
export type SpinePolygon = z.infer<typeof SpinePolygon>;

export const ScanImage = z.object({
  /** Upright size: polygons are in these pixels. */
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  mediaType: z.enum(['image/jpeg', 'image/png', 'image/webp', 'image/heif']),
  bytes: z.number().int().nonnegative(),
});
export type ScanImage = z.infer<typeof ScanImage>;

export const ScanDetection = z.object({
  id: DetectionId,
  /** 1-based position along the whole photo: shelf by shelf, left to right. */
  order: z.number().int().positive(),
  /** 0-based shelf row, top to bottom. */
  shelfIndex: z.number().int().nonnegative(),
  shelfLabel: z.string(),
  /** 1-based position within its shelf row. */
  position: z.number().int().positive(),
  /** true when the book lies flat. */
  flat: z.boolean(),
  polygon: SpinePolygon,
  text: z.string(),
  texts: z.array(z.object({ text: z.string(), confidence: z.number().min(0).max(1) })),
  /** How well the spine's text was read (0..1). */
  confidence: z.number().min(0).max(1),
  /** Ranked best first; empty until the scan is matched. */
  candidates: z.array(SpineCandidate),
  /** The book the matcher suggests for this spine, if it is confident. */
  suggestedBookId: BookId.nullable(),
});
export type ScanDetection = z.infer<typeof ScanDetection>;

export const ScanSummary = z.object({
  id: ScanId,
  status: ScanStatus,
  stage: ScanStage.nullable(),
  failure: ScanFailure.nullable(),
  image: ScanImage,
  detectionCount: z.number().int().nonnegative(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  completedAt: z.iso.datetime().nullable(),
  confirmedAt: z.iso.datetime().nullable(),
});
export type ScanSummary = z.infer<typeof ScanSummary>;

export const ScanDetail = ScanSummary.extend({ detections: z.array(ScanDetection) });
export type ScanDetail = z.infer<typeof ScanDetail>;

export const ScanPage = page(ScanSummary);
export type ScanPage = z.infer<typeof ScanPage>;

export const ListScansQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
export type ListScansQuery = z.infer<typeof ListScansQuery>;

export const ConfirmScanRequest = z.strictObject({
  selections: z
    .array(z.strictObject({ detectionId: DetectionId, bookId: BookId }))
    .min(1)
    .max(500),
  /** Optional name of the bookcase, e.g. "Study"; rows are numbered after it when the photo has several. */
  shelfLabel: z.string().trim().min(1).max(80).optional(),
});
export type ConfirmScanRequest = z.infer<typeof ConfirmScanRequest>;

export const ConfirmScanResponse = z.object({
  scanId: ScanId,
  status: z.literal('accepted'),
  items: z.number().int().nonnegative(),
  confirmedAt: z.iso.datetime(),
});
export type ConfirmScanResponse = z.infer<typeof ConfirmScanResponse>;

/** Server-sent events of GET /v1/scans/{scanId}/events (the `event:` name is the key). */
export const ScanProgressEvent = z.object({
  scanId: ScanId,
  status: ScanStatus,
  stage: ScanStage.nullable(),
  /** Spines read so far and found in total, while detecting. */
  done: z.number().int().nonnegative().nullable(),
  total: z.number().int().nonnegative().nullable(),
  /** true when processing restarted: drop the boxes drawn so far, they are sent again. */
  reset: z.boolean(),
});
export type ScanProgressEvent = z.infer<typeof ScanProgressEvent>;

export const ScanFailedEvent = z.object({ scanId: ScanId, failure: ScanFailure });
export type ScanFailedEvent = z.infer<typeof ScanFailedEvent>;

export const SCAN_EVENT_SCHEMAS = {
  progress: ScanProgressEvent,
  detection: ScanDetection,
  /** The finished scan, with candidates. */
  done: ScanDetail,
  failed: ScanFailedEvent,
} as const;
export type ScanEventName = keyof typeof SCAN_EVENT_SCHEMAS;
