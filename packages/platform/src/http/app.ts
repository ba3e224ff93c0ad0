import express, { type Express } from 'express';
import { ERROR_CODES } from '@bookshelf/contracts';
import type { Logger } from '../logger';
import { registry } from '../metrics';
import { accessLog } from './access-log';
import { mountHealth, type HealthCheck } from './health';
import { problemHandler, sendProblem } from './problem';
import { requestId } from './request-id';

export interface HttpAppOptions {
  logger: Logger;
  health: Record<string, HealthCheck>;
  jsonLimit?: string;
  /** Mounts the service's routes between the common middleware and the error mapper. */
  routes: (app: Express) => void;
  trustProxy?: boolean;
  /** The gateway streams bodies through untouched, so it turns JSON parsing off. */
  parseJson?: boolean;
}

/** The express app every service starts from: ids, logs, JSON, health, metrics, one error mapper. */
export function createHttpApp(opts: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', opts.trustProxy ?? false);
  app.use(requestId());
  app.use(accessLog(opts.logger));
  if (opts.parseJson !== false) {
    app.use(
    express.json({
      limit: opts.jsonLimit ?? '256kb',
      type: ['application/json', 'application/*+json'],
      strict: true,
    }),
    );
  }
  mountHealth(app, opts.health);
  app.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  opts.routes(app);
  app.use((req, res) => {
    sendProblem(req, res, 404, ERROR_CODES.notFound, `No route for ${req.method} ${req.path}`);
  });
  app.use(problemHandler(opts.logger));
  return app;
}
