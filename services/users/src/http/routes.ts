import { Router } from 'express';
import { PreferencesPatch, ResolveIdentityRequest } from '@bookshelf/contracts';
import { ForbiddenError, UnsupportedMediaTypeError, jsonBody, parseOr422, requireInternalAuth, userIdOf } from '@bookshelf/platform';
import type { UsersService } from '../domain/users-service';

const MERGE_PATCH_TYPES = ['application/merge-patch+json', 'application/json'];

export function usersRoutes(service: UsersService, internalSecret: string): Router {
  const r = Router();
  r.use(requireInternalAuth(internalSecret));

  r.post('/internal/identities/resolve', async (req, res) => {
    if (!res.locals.principal?.roles.includes('gateway')) throw new ForbiddenError('Only the gateway resolves identities');
    const body = jsonBody(req, ResolveIdentityRequest);
    res.json(await service.resolve(body));
  });

  r.get('/v1/me', async (_req, res) => {
    res.json(await service.me(userIdOf(res.locals)));
  });

  r.patch('/v1/me/preferences', async (req, res) => {
    if (!req.is(MERGE_PATCH_TYPES)) {
      throw new UnsupportedMediaTypeError('Expected application/merge-patch+json or application/json');
    }
    const patch = parseOr422(PreferencesPatch, req.body);
    res.json(await service.patchPreferences(userIdOf(res.locals), patch));
  });

  r.delete('/v1/me', async (_req, res) => {
    await service.delete(userIdOf(res.locals));
    res.status(202).json({ status: 'deletion_scheduled' });
  });

  return r;
}
