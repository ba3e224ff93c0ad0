import { Router } from 'express';
import { AddBookListItem, BookListItemPatch, BookListPageQuery, BookListPatch, CreateBookList } from '@bookshelf/contracts';
import { jsonBody, query, userIdOf } from '@bookshelf/platform';
import type { ListService } from '../domain/lists/list-service';

export function listRoutes(lists: ListService): Router {
  const r = Router();

  r.get('/v1/me/lists', async (req, res) => {
    const q = query(req, BookListPageQuery);
    res.json(await lists.mine(userIdOf(res.locals), q.limit, q.cursor));
  });

  r.post('/v1/me/lists', async (req, res) => {
    const list = await lists.create(userIdOf(res.locals), jsonBody(req, CreateBookList));
    res.status(201).setHeader('location', `/v1/me/lists/${list.id}`);
    res.json(list);
  });

  r.get('/v1/me/lists/:listId', async (req, res) => {
    res.json(await lists.getMine(userIdOf(res.locals), req.params.listId));
  });

  r.patch('/v1/me/lists/:listId', async (req, res) => {
    res.json(await lists.update(userIdOf(res.locals), req.params.listId, jsonBody(req, BookListPatch)));
  });

  r.delete('/v1/me/lists/:listId', async (req, res) => {
    await lists.remove(userIdOf(res.locals), req.params.listId);
    res.status(204).end();
  });

  r.post('/v1/me/lists/:listId/items', async (req, res) => {
    res.status(201).json(await lists.addItem(userIdOf(res.locals), req.params.listId, jsonBody(req, AddBookListItem)));
  });

  r.patch('/v1/me/lists/:listId/items/:itemId', async (req, res) => {
    res.json(await lists.updateItem(userIdOf(res.locals), req.params.listId, req.params.itemId, jsonBody(req, BookListItemPatch)));
  });

  r.delete('/v1/me/lists/:listId/items/:itemId', async (req, res) => {
    await lists.removeItem(userIdOf(res.locals), req.params.listId, req.params.itemId);
    res.status(204).end();
  });

  r.get('/v1/users/:userId/lists', async (req, res) => {
    const q = query(req, BookListPageQuery);
    res.json(await lists.listsOf(userIdOf(res.locals), req.params.userId, q.limit, q.cursor));
  });

  r.get('/v1/users/:userId/lists/:listId', async (req, res) => {
    res.json(await lists.oneOf(userIdOf(res.locals), req.params.userId, req.params.listId));
  });

  // Reached through the gateway with a 'public' internal token: no user.
  r.get('/v1/public/lists/:slug', async (req, res) => {
    res.json(await lists.bySlug(req.params.slug));
  });

  return r;
}
