import type { ApiRoute } from './api';

/** Recommender routes. */
export const RECOMMENDER_ROUTES: ApiRoute[] = [
  {
    method: 'GET',
    path: '/v1/me/recommendations',
    service: 'recommender',
    auth: 'user',
    summary: 'Ranked books with reasons, model version and generation time',
    tags: ['recommendations'],
  },
  {
    method: 'POST',
    path: '/v1/me/recommendations/:bookId/feedback',
    service: 'recommender',
    auth: 'user',
    summary: 'Feedback on a recommendation: like or dismiss',
    tags: ['recommendations'],
  },
];
