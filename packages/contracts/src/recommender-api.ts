import type { ApiRoute } from './api';
import {
  RecommendationFeedback,
  RecommendationFeedbackRequest,
  RecommendationList,
  RecommendationsQuery,
} from './recommender';

/** Recommender routes. */
export const RECOMMENDER_ROUTES: ApiRoute[] = [
  {
    method: 'GET',
    path: '/v1/me/recommendations',
    service: 'recommender',
    auth: 'user',
    summary: 'Ranked books with reasons, model version and generation time',
    query: RecommendationsQuery,
    response: RecommendationList,
    tags: ['recommendations'],
  },
  {
    method: 'POST',
    path: '/v1/me/recommendations/:bookId/feedback',
    service: 'recommender',
    auth: 'user',
    summary: 'Feedback on a recommendation: like or dismiss (a dismissed book leaves the list at once)',
    body: RecommendationFeedbackRequest,
    response: RecommendationFeedback,
    tags: ['recommendations'],
  },
];
