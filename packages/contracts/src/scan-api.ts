import type { ApiRoute } from './api';
import { ConfirmScanRequest, ConfirmScanResponse, ListScansQuery, ScanDetail, ScanPage, ScanSummary } from './scan';

const scan = (method: ApiRoute['method'], path: string, summary: string, extra: Partial<ApiRoute> = {}): ApiRoute => ({
  method,
  path,
  service: 'scan',
  auth: 'user',
  summary,
  tags: ['scans'],
  ...extra,
});

/** Scan service routes: shelf photo → detections → confirmed books. */
export const SCAN_ROUTES: ApiRoute[] = [
  scan(
    'POST',
    '/v1/scans',
    'Upload a shelf photo (multipart field "image": JPEG, PNG, WebP or HEIF; Idempotency-Key honoured)',
    { bodyType: 'multipart', status: 202, streaming: true, response: ScanSummary },
  ),
  scan('GET', '/v1/scans', 'My scans, newest first (cursor pages)', { query: ListScansQuery, response: ScanPage }),
  scan('GET', '/v1/scans/:scanId', 'A scan with its detections and candidates', { response: ScanDetail }),
  scan(
    'GET',
    '/v1/scans/:scanId/events',
    'Server-sent events (progress, detection, done, failed) until the scan is done; replays what already happened, except the detections a client reconnecting with Last-Event-ID already has',
    { streaming: true },
  ),
  scan('POST', '/v1/scans/:scanId/confirm', 'Chosen book per detection → added to my library (202)', {
    status: 202,
    body: ConfirmScanRequest,
    response: ConfirmScanResponse,
  }),
];
