import type { ApiClient } from '@bookshelf/testkit';

export interface UploadOptions {
  filename?: string;
  contentType?: string;
  idempotencyKey?: string;
  field?: string;
  extraFields?: Record<string, string>;
  extraFiles?: number;
}

/** POST /v1/scans as the app does it: multipart/form-data with the photo in "image". */
export function uploadScan(client: ApiClient, image: Uint8Array, opts: UploadOptions = {}): Promise<Response> {
  const form = new FormData();
  form.append(opts.field ?? 'image', new Blob([new Uint8Array(image)], { type: opts.contentType ?? 'image/jpeg' }), opts.filename ?? 'shelf.jpg');
  for (const [k, v] of Object.entries(opts.extraFields ?? {})) form.append(k, v);
  for (let i = 0; i < (opts.extraFiles ?? 0); i++) form.append(`extra${i}`, new Blob([new Uint8Array(image)]), `extra${i}.jpg`);
  return client.request('POST', '/v1/scans', form, opts.idempotencyKey ? { 'idempotency-key': opts.idempotencyKey } : {});
}
