import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue } from 'bullmq';
import express, { Router, type Request, type RequestHandler } from 'express';
import { ALL_QUEUES } from '@bookshelf/contracts';
import { ForbiddenError, UnauthorizedError, type Redis } from '@bookshelf/platform';
import { bearerToken, type TokenVerifier } from '../auth/verify-token';
import { loginPage } from './login-page';
import { ADMIN_COOKIE, readCookie, signAdminSession, verifyAdminSession } from './session';

export interface AdminOptions {
  connection: Redis;
  prefix: string;
  verifier: TokenVerifier;
  secret: string;
  sessionTtlSeconds: number;
  secureCookie: boolean;
}

const BASE = '/admin/queues';

function wantsHtml(req: Request): boolean {
  return (req.get('accept') ?? '').includes('text/html');
}

/** Bull Board for operators: a bearer token with the operator role, or the session cookie it buys. */
export function adminRoutes(opts: AdminOptions): { router: Router; queues: Queue[] } {
  const queues = ALL_QUEUES.map((name) => new Queue(name, { connection: opts.connection, prefix: opts.prefix }));
  for (const q of queues) q.on('error', () => undefined);
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BASE);
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: false, description: `queue ${q.name}` })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Bookshelf queues' } },
  });

  const requireOperator: RequestHandler = async (req, res, next) => {
    const cookie = readCookie(req.get('cookie'), ADMIN_COOKIE);
    if (cookie && (await verifyAdminSession(opts.secret, cookie))) return next();
    const token = bearerToken(req.get('authorization'));
    if (!token) {
      if (wantsHtml(req)) {
        res.status(401).type('html').send(loginPage('Sign in to see the queues.'));
        return;
      }
      throw new UnauthorizedError('Operator token required');
    }
    const identity = await opts.verifier.verify(token);
    if (!identity.roles.includes('operator')) throw new ForbiddenError('The operator role is required');
    next();
  };

  const router = Router();
  router.get('/admin/login', (_req, res) => {
    res.type('html').send(loginPage(''));
  });
  router.post('/admin/session', express.urlencoded({ extended: false, limit: '16kb' }), async (req, res) => {
    const form = (req.body ?? {}) as { token?: unknown };
    const token = bearerToken(req.get('authorization')) ?? (typeof form.token === 'string' ? form.token.trim() : null);
    if (!token) throw new UnauthorizedError('Operator token required');
    let identity;
    try {
      identity = await opts.verifier.verify(token);
    } catch (err) {
      if (wantsHtml(req)) {
        res.status(401).type('html').send(loginPage('That token was not accepted.'));
        return;
      }
      throw err;
    }
    if (!identity.roles.includes('operator')) throw new ForbiddenError('The operator role is required');
    const session = await signAdminSession(opts.secret, identity.subject, opts.sessionTtlSeconds);
    res.cookie(ADMIN_COOKIE, session, {
      httpOnly: true,
      sameSite: 'strict',
      secure: opts.secureCookie,
      path: '/admin',
      maxAge: opts.sessionTtlSeconds * 1000,
    });
    if (typeof form.token === 'string') res.redirect(303, BASE);
    else res.status(204).end();
  });
  router.post('/admin/logout', (_req, res) => {
    res.clearCookie(ADMIN_COOKIE, { path: '/admin' });
    res.redirect(303, '/admin/login');
  });
  router.use(BASE, requireOperator, serverAdapter.getRouter() as RequestHandler);
  return { router, queues };
}
