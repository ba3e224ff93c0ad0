import type { ApiRoute } from './api';

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
  scan('POST', '/v1/scans', 'Upload a shelf photo (multipart field "image")', { bodyType: 'multipart', status: 202, streaming: true }),
  scan('GET', '/v1/scans', 'My scans'),
  scan('GET', '/v1/scans/:scanId', 'A scan with its detections and candidates'),
  scan('GET', '/v1/scans/:scanId/events', 'Server-sent events until the scan is done', { streaming: true }),
  scan('POST', '/v1/scans/:scanId/confirm', 'Chosen book per detection → added to my library (202)', { status: 202 }),
];
