import { z } from 'zod';
import {
  ScanImage,
  ScanStage,
  ScanStatus,
  ScanFailureCode,
  SpineCandidate,
  SpinePolygon,
  type ScanDetail,
  type ScanDetection,
  type ScanSummary,
} from '@bookshelf/contracts';
import type { DetectionRow, ScanRow } from '../data/scan-repository';

const Texts = z.array(z.object({ text: z.string(), confidence: z.number() }));
const Candidates = z.array(SpineCandidate);

/** Database rows → API shapes. The JSON columns were written by us; parsing keeps the types honest. */
export function toSummary(row: ScanRow): ScanSummary {
  return {
    id: row.id,
    status: ScanStatus.parse(row.status),
    stage: row.status === 'processing' && row.stage ? ScanStage.parse(row.stage) : null,
    failure: row.failureCode ? { code: ScanFailureCode.parse(row.failureCode), message: row.failureMessage ?? '' } : null,
    image: {
      width: row.width,
      height: row.height,
      mediaType: ScanImage.shape.mediaType.parse(row.mediaType),
      bytes: row.byteSize,
    },
    detectionCount: row.detectionCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
    confirmedAt: row.confirmedAt?.toISOString() ?? null,
  };
}

export function toDetection(row: DetectionRow): ScanDetection {
  return {
    id: row.id,
    order: row.order,
    shelfIndex: row.shelfIndex,
    shelfLabel: row.shelfLabel,
    position: row.position,
    flat: row.flat,
    polygon: SpinePolygon.parse(row.polygon),
    text: row.text,
    texts: Texts.parse(row.texts),
    confidence: Math.min(1, Math.max(0, row.confidence)),
    candidates: Candidates.parse(row.candidates),
    suggestedBookId: row.suggestedBookId,
  };
}

export function toDetail(row: ScanRow, detections: DetectionRow[]): ScanDetail {
  return { ...toSummary({ ...row, detectionCount: detections.length }), detections: detections.map(toDetection) };
}
