import type { ApiRoute } from './api';

const lib = (method: ApiRoute['method'], path: string, summary: string, extra: Partial<ApiRoute> = {}): ApiRoute => ({
  method,
  path,
  service: 'library',
  auth: 'user',
  summary,
  tags: ['library'],
  ...extra,
});

/** Library service routes (catalogue, reader libraries, social graph, import/export). */
export const LIBRARY_ROUTES: ApiRoute[] = [
  lib('GET', '/v1/books/search', 'Catalogue search: ISBN exact, title/author full-text and fuzzy', { tags: ['catalogue'] }),
  lib('GET', '/v1/books/:bookId', 'One catalogue book', { tags: ['catalogue'] }),
  lib('GET', '/v1/library/me/books', 'My library (filters: status, shelf; cursor pages)'),
  lib('POST', '/v1/library/me/books', 'Add one book to my library'),
  lib('POST', '/v1/library/me/books/batch', 'Add many books, per-item result, idempotent'),
  lib('PATCH', '/v1/library/me/books/:userBookId', 'Update a library entry'),
  lib('DELETE', '/v1/library/me/books/:userBookId', 'Remove a library entry'),
  lib('PUT', '/v1/library/me/settings', 'Library visibility and follower approval'),
  lib('GET', '/v1/library/me/settings', 'My library settings'),
  lib('GET', '/v1/users/:userId/library/books', "Someone's library, as their privacy allows", { tags: ['social'] }),
  lib('POST', '/v1/users/:userId/follow', 'Follow (pending when approval is needed)', { tags: ['social'] }),
  lib('DELETE', '/v1/users/:userId/follow', 'Unfollow', { tags: ['social'] }),
  lib('GET', '/v1/me/followers', 'My followers', { tags: ['social'] }),
  lib('GET', '/v1/me/following', 'Whom I follow', { tags: ['social'] }),
  lib('GET', '/v1/me/follow-requests', 'Pending follow requests to me', { tags: ['social'] }),
  lib('POST', '/v1/me/follow-requests/:requestId/approve', 'Approve a follow request', { tags: ['social'] }),
  lib('POST', '/v1/me/follow-requests/:requestId/reject', 'Reject a follow request', { tags: ['social'] }),
  lib('POST', '/v1/library/me/imports', 'Upload a Goodreads CSV export (202)', { bodyType: 'csv', status: 202, streaming: true, tags: ['import'] }),
  lib('GET', '/v1/library/me/imports/:importId', 'Import progress and per-row outcome', { tags: ['import'] }),
  lib('GET', '/v1/library/me/export', 'Export my library (goodreads-csv or json)', { tags: ['import'], streaming: true }),
];
