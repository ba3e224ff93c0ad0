import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { Request } from 'express';
import { ulid } from 'ulid';
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '@bookshelf/platform';
import type { ByteSource } from '../domain/media/completeness';
import { SNIFF_BYTES } from '../domain/media/image-type';
import type { ReceivedUpload } from '../domain/scan-intake';

export const IMAGE_FIELD = 'image';

/** Room for boundaries and part headers on top of the file itself. */
const MULTIPART_OVERHEAD = 64 * 1024;
/** A refused body is read and dropped up to this many times the limit; beyond, the connection is cut. */
const DRAIN_FACTOR = 4;

export interface UploadLimits {
  maxBytes: number;
  /** Scratch directory for the file while it is checked. */
  incomingDir: string;
}

function fileSource(path: string, size: number): ByteSource {
  return {
    size,
    read: async (offset, length) => {
      const fh = await open(path, 'r');
      try {
        const buf = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
        const { bytesRead } = await fh.read(buf, 0, buf.length, offset);
        return buf.subarray(0, bytesRead);
      } finally {
        await fh.close();
      }
    },
  };
}

/**
 * Reads and drops a request body before the answer goes out. Answering first leaves proxies
 * (our gateway pipes bodies through) with a half-sent request, which stalls the client's
 * connection; a body far beyond the limit is not worth reading, so its connection is cut.
 */
export async function discardBody(req: Request, maxBytes: number): Promise<void> {
  if (req.complete || req.destroyed) return;
  let seen = 0;
  await new Promise<void>((resolve) => {
    req.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > maxBytes * DRAIN_FACTOR) {
        req.socket.destroy();
        resolve();
      }
    });
    req.on('end', resolve);
    req.on('close', resolve);
    req.resume();
  });
}

/**
 * Reads a multipart upload with exactly one file part, `image`, into a scratch file while
 * hashing it, without ever holding it in memory. Sizes and part counts are bounded by busboy;
 * the caller deletes `path` if it does not consume it, and drains the body (discardBody) when
 * this throws.
 */
export async function receiveUpload(req: Request, limits: UploadLimits): Promise<ReceivedUpload> {
  if (!req.is('multipart/form-data')) throw new UnsupportedMediaTypeError('Expected multipart/form-data with an "image" file');
  const declared = Number(req.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limits.maxBytes + MULTIPART_OVERHEAD) {
    throw new PayloadTooLargeError(`The image must be at most ${limits.maxBytes} bytes`);
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      limits: { files: 1, fields: 4, parts: 5, fileSize: limits.maxBytes, fieldSize: 1024, headerPairs: 20 },
    });
  } catch {
    throw new BadRequestError('Malformed multipart request');
  }

  const path = join(limits.incomingDir, `${ulid()}.part`);
  const hash = createHash('sha256');
  const headChunks: Buffer[] = [];
  let headBytes = 0;
  let bytes = 0;
  let tooLarge = false;
  let tooManyParts = false;
  let written: Promise<void> | null = null;

  parser.on('file', (name, stream) => {
    if (name !== IMAGE_FIELD || written) {
      stream.resume();
      return;
    }
    stream.on('limit', () => {
      tooLarge = true;
    });
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        bytes += chunk.length;
        if (headBytes < SNIFF_BYTES) {
          headChunks.push(chunk.subarray(0, SNIFF_BYTES - headBytes));
          headBytes += Math.min(chunk.length, SNIFF_BYTES - headBytes);
        }
        done(null, chunk);
      },
    });
    written = pipeline(stream, tap, createWriteStream(path));
    written.catch(() => undefined);
  });
  for (const event of ['partsLimit', 'filesLimit', 'fieldsLimit'] as const) {
    parser.on(event, () => {
      tooManyParts = true;
    });
  }

  try {
    await new Promise<void>((resolve, reject) => {
      parser.on('close', resolve);
      parser.on('error', (err: Error) => reject(new BadRequestError(`Malformed multipart request: ${err.message}`)));
      // 'close' before the whole message arrived: the client went away mid-upload.
      req.on('close', () => {
        if (!req.complete) reject(new BadRequestError('The upload was aborted'));
      });
      req.pipe(parser);
    });
    if (written) await written;
    if (tooLarge) throw new PayloadTooLargeError(`The image must be at most ${limits.maxBytes} bytes`);
    if (tooManyParts) throw new PayloadTooLargeError('Too many parts: send one file part, "image"');
    if (!written) throw new ValidationError([{ path: IMAGE_FIELD, message: 'a file part named "image" is required' }]);
    if (bytes === 0) throw new ValidationError([{ path: IMAGE_FIELD, message: 'is empty' }]);
  } catch (err) {
    req.unpipe(parser);
    await rm(path, { force: true });
    throw err;
  }
  return { path, bytes, sha256: hash.digest('hex'), head: Buffer.concat(headChunks), source: fileSource(path, bytes) };
}
