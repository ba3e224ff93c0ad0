import { Router, type Request } from 'express';
import { AddUserBook, BatchAddRequest, ChangesQuery, LibraryListQuery, LibrarySettingsUpdate, RemoveBySourceQuery, UserBookPatch } from '@bookshelf/contracts';
import { jsonBody, query, userIdOf } from '@bookshelf/platform';
import type { BookRepository } from '../data/book-repository';
import type { Transact } from '../data/transactor';
import { batchAdd } from '../domain/library/batch-add';
import type { LibraryService } from '../domain/library/library-service';
import type { SyncService } from '../domain/library/sync-service';
import type { SocialService } from '../domain/social/social-service';
import { expectedVersion, setEntryTag } from './entry-tags';

function idempotencyKey(req: Request): string | undefined {
  return req.get('idempotency-key') ?? undefined;
}

export function libraryRoutes(deps: { library: LibraryService; social: SocialService; sync: SyncService; books: BookRepository; transact: Transact }): Router {
  const { library, social } = deps;
  const r = Router();

  r.get('/v1/library/me/books', async (req, res) => {
    res.json(await library.list(userIdOf(res.locals), query(req, LibraryListQuery)));
  });

  r.post('/v1/library/me/books', async (req, res) => {
    const body = jsonBody(req, AddUserBook);
    const result = await library.add(userIdOf(res.locals), body, idempotencyKey(req));
    if (result.replayed) res.setHeader('idempotent-replayed', 'true');
    if (result.status === 201) res.setHeader('location', `/v1/library/me/books/${result.body.id}`);
    setEntryTag(res, result.body.version);
    res.status(result.status).json(result.body);
  });

  r.post('/v1/library/me/books/batch', async (req, res) => {
    const body = jsonBody(req, BatchAddRequest);
    const result = await batchAdd(deps.transact, deps.books, userIdOf(res.locals), body, idempotencyKey(req));
    if (result.replayed) res.setHeader('idempotent-replayed', 'true');
    res.status(result.status).json(result.body);
  });

  r.delete('/v1/library/me/books', async (req, res) => {
    res.json(await library.removeBySource(userIdOf(res.locals), query(req, RemoveBySourceQuery)));
  });

  r.get('/v1/library/me/changes', async (req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.json(await deps.sync.changes(userIdOf(res.locals), query(req, ChangesQuery)));
  });

  r.get('/v1/library/me/books/:userBookId', async (req, res) => {
    const entry = await library.get(userIdOf(res.locals), req.params.userBookId);
    setEntryTag(res, entry.version);
    res.json(entry);
  });

  r.patch('/v1/library/me/books/:userBookId', async (req, res) => {
    const patch = jsonBody(req, UserBookPatch);
    const entry = await library.update(userIdOf(res.locals), req.params.userBookId, patch, expectedVersion(req));
    setEntryTag(res, entry.version);
    res.json(entry);
  });

  r.delete('/v1/library/me/books/:userBookId', async (req, res) => {
    await library.remove(userIdOf(res.locals), req.params.userBookId, expectedVersion(req));
    res.status(204).end();
  });

  r.get('/v1/library/me/shelves', async (_req, res) => {
    res.json(await library.shelves(userIdOf(res.locals)));
  });

  r.get('/v1/library/me/settings', async (_req, res) => {
    res.json(await social.settings(userIdOf(res.locals)));
  });

  r.put('/v1/library/me/settings', async (req, res) => {
    res.json(await social.updateSettings(userIdOf(res.locals), jsonBody(req, LibrarySettingsUpdate)));
  });

  r.get('/v1/users/:userId/library/books', async (req, res) => {
    res.json(await library.listOf(userIdOf(res.locals), req.params.userId, query(req, LibraryListQuery)));
  });

  return r;
}
