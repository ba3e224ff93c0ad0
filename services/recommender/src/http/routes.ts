import { Router } from 'express';
import { RecommendationFeedbackRequest, RecommendationsQuery } from '@bookshelf/contracts';
import { jsonBody, query, requireInternalAuth, userIdOf } from '@bookshelf/platform';
import type { RecommendationsService } from '../domain/serving/recommendations-service';

export function recommenderRoutes(service: RecommendationsService, internalSecret: string): Router {
  const r = Router();
  r.use(requireInternalAuth(internalSecret));

  r.get('/v1/me/recommendations', async (req, res) => {
    const { limit } = query(req, RecommendationsQuery);
    res.json(await service.list(userIdOf(res.locals), limit));
  });

  r.post('/v1/me/recommendations/:bookId/feedback', async (req, res) => {
    const { type } = jsonBody(req, RecommendationFeedbackRequest);
    res.json(await service.feedback(userIdOf(res.locals), req.params.bookId, type));
  });

  return r;
}
