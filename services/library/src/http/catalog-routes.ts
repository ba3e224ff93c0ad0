import { Router } from 'express';
import { BookId, BookSearchQuery } from '@bookshelf/contracts';
import { NotFoundError, query } from '@bookshelf/platform';
import type { CatalogService } from '../domain/catalog/catalog-service';

export function catalogRoutes(catalog: CatalogService): Router {
  const r = Router();

  r.get('/v1/books/search', async (req, res) => {
    res.json(await catalog.search(query(req, BookSearchQuery)));
  });

  r.get('/v1/books/:bookId', async (req, res) => {
    if (!BookId.safeParse(req.params.bookId).success) throw new NotFoundError('No such book');
    res.json(await catalog.get(req.params.bookId));
  });

  return r;
}
