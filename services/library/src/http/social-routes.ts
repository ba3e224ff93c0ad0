import { Router } from 'express';
import { PageQuery } from '@bookshelf/contracts';
import { query, userIdOf } from '@bookshelf/platform';
import type { SocialService } from '../domain/social/social-service';

export function socialRoutes(social: SocialService): Router {
  const r = Router();

  r.post('/v1/users/:userId/follow', async (req, res) => {
    const target = req.params.userId;
    const { status, created } = await social.follow(userIdOf(res.locals), target);
    res.status(!created ? 200 : status === 'pending' ? 202 : 201).json({ userId: target, status });
  });

  r.delete('/v1/users/:userId/follow', async (req, res) => {
    await social.unfollow(userIdOf(res.locals), req.params.userId);
    res.status(204).end();
  });

  r.post('/v1/users/:userId/block', async (req, res) => {
    const target = req.params.userId;
    const created = await social.block(userIdOf(res.locals), target);
    res.status(created ? 201 : 200).json({ userId: target, blocked: true });
  });

  r.delete('/v1/users/:userId/block', async (req, res) => {
    await social.unblock(userIdOf(res.locals), req.params.userId);
    res.status(204).end();
  });

  r.get('/v1/me/blocks', async (req, res) => {
    const q = query(req, PageQuery);
    res.json(await social.blocks(userIdOf(res.locals), q.limit, q.cursor));
  });

  r.get('/v1/me/followers', async (req, res) => {
    const q = query(req, PageQuery);
    res.json(await social.followers(userIdOf(res.locals), q.limit, q.cursor));
  });

  r.delete('/v1/me/followers/:userId', async (req, res) => {
    await social.removeFollower(userIdOf(res.locals), req.params.userId);
    res.status(204).end();
  });

  r.get('/v1/me/following', async (req, res) => {
    const q = query(req, PageQuery);
    res.json(await social.following(userIdOf(res.locals), q.limit, q.cursor));
  });

  r.get('/v1/me/follow-requests', async (req, res) => {
    const q = query(req, PageQuery);
    res.json(await social.requests(userIdOf(res.locals), q.limit, q.cursor));
  });

  r.post('/v1/me/follow-requests/:requestId/approve', async (req, res) => {
    res.json(await social.decide(userIdOf(res.locals), req.params.requestId, true));
  });

  r.post('/v1/me/follow-requests/:requestId/reject', async (req, res) => {
    res.json(await social.decide(userIdOf(res.locals), req.params.requestId, false));
  });

  return r;
}
