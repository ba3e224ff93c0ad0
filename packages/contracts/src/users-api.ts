import type { ApiRoute } from './api';
import { PreferencesPatch } from './preferences';
import { Me } from './users';

export const USER_ROUTES: ApiRoute[] = [
  { method: 'GET', path: '/v1/me', service: 'users', auth: 'user', summary: 'My profile; the first call provisions me', response: Me, tags: ['me'] },
  {
    method: 'PATCH',
    path: '/v1/me/preferences',
    service: 'users',
    auth: 'user',
    summary: 'JSON merge patch (RFC 7396) of my preferences; null removes a key',
    body: PreferencesPatch,
    bodyType: 'merge-patch',
    response: Me,
    tags: ['me'],
  },
  { method: 'DELETE', path: '/v1/me', service: 'users', auth: 'user', summary: 'Delete my account everywhere (asynchronous purge)', status: 202, tags: ['me'] },
];
