import type { Request } from 'express';
import busboy from 'busboy';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '@bookshelf/platform';
import type { Upload } from '../domain/goodreads/import-service';

const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel'];

/** Beyond this we stop being polite: the connection is cut instead of drained. */
const DRAIN_CAP = 256 * 1024 * 1024;

/**
 * Reads and drops the rest of an oversized body before answering 413: answering mid-upload
 * leaves the proxy and the client with a half-read request on a kept-alive connection.
 */
async function tooLarge(req: Request, max: number, alreadyRead: number): Promise<PayloadTooLargeError> {
  let read = alreadyRead;
  if (!req.readableEnded) {
    await new Promise<void>((resolve) => {
      req.on('data', (c: Buffer) => {
        read += c.length;
        if (read > DRAIN_CAP) req.destroy();
      });
      req.on('end', resolve);
      req.on('close', resolve);
      req.on('error', () => resolve());
      req.resume();
    });
  }
  return new PayloadTooLargeError(`The file is larger than ${Math.round(max / 1024 / 1024)} MB`);
}

function decode(bytes: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ValidationError([{ path: 'file', message: 'not UTF-8 text (export the CSV from Goodreads again)' }]);
  }
  if (text.includes('\u0000')) throw new ValidationError([{ path: 'file', message: 'contains NUL bytes: not a text file' }]);
  return text;
}

async function readRaw(req: Request, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) throw await tooLarge(req, max, size);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function readMultipart(req: Request, max: number): Promise<{ bytes: Buffer; filename: string | null }> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: max, fields: 20, fieldSize: 4_096 } });
    } catch {
      reject(new ValidationError([{ path: 'file', message: 'malformed multipart body' }]));
      return;
    }
    let found: Promise<{ bytes: Buffer; filename: string | null }> | null = null;
    let failed = false;
    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      req.unpipe(bb);
      reject(err);
    };
    bb.on('file', (name, stream, info) => {
      if (name !== 'file' || found) {
        stream.resume();
        return;
      }
      found = new Promise((res) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('limit', () => {
          stream.resume();
          void tooLarge(req, max, max).then(fail);
        });
        // eslint-disable-next-line no-control-regex
        const filename = info.filename ? info.filename.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 255) || null : null;
        stream.on('end', () => res({ bytes: Buffer.concat(chunks), filename }));
      });
    });
    bb.on('error', () => fail(new ValidationError([{ path: 'file', message: 'malformed multipart body' }])));
    bb.on('close', () => {
      if (failed) return;
      if (!found) fail(new ValidationError([{ path: 'file', message: 'multipart field "file" is missing' }]));
      else void found.then(resolve);
    });
    req.pipe(bb);
  });
}

/** A Goodreads export sent as the raw text/csv body or as multipart field "file", within the size limit. */
export async function readCsvUpload(req: Request, max: number): Promise<Upload> {
  const declared = Number(req.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > DRAIN_CAP) {
    req.destroy();
    throw new PayloadTooLargeError('The file is far too large');
  }
  if (Number.isFinite(declared) && declared > max + 64 * 1024) throw await tooLarge(req, max, 0);
  if (req.is('multipart/form-data')) {
    const { bytes, filename } = await readMultipart(req, max);
    return { text: decode(bytes), filename, sizeBytes: bytes.length };
  }
  if (!req.is(CSV_TYPES)) {
    req.resume();
    throw new UnsupportedMediaTypeError('Send the export as text/csv, or as multipart/form-data with a "file" field');
  }
  const bytes = await readRaw(req, max);
  return { text: decode(bytes), filename: null, sizeBytes: bytes.length };
}
