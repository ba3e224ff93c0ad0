import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { assertBlobKey, BlobNotFoundError, type BlobStore } from './blob-store';

/** Blobs as files under one directory; writes land atomically (temp file + rename). */
export class FsBlobStore implements BlobStore {
  constructor(readonly root: string) {}

  /** Scratch space on the same filesystem, so an upload can be renamed into place. */
  get incomingDir(): string {
    return join(this.root, '.incoming');
  }

  private path(key: string): string {
    assertBlobKey(key);
    return join(this.root, ...key.split('/').filter(Boolean));
  }

  async putFile(key: string, localPath: string): Promise<void> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    try {
      await rename(localPath, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      const tmp = `${target}.${randomUUID()}.tmp`;
      await copyFile(localPath, tmp);
      await rename(tmp, target);
      await unlink(localPath);
    }
  }

  async put(key: string, data: Buffer): Promise<void> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    const tmp = `${target}.${randomUUID()}.tmp`;
    await writeFile(tmp, data);
    await rename(tmp, target);
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await readFile(this.path(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new BlobNotFoundError(`No blob "${key}"`);
      throw err;
    }
  }

  async deletePrefix(prefix: string): Promise<void> {
    await rm(this.path(prefix), { recursive: true, force: true });
  }
}
