import type { ApiRoute } from './api';
import { LIBRARY_ROUTES } from './library-api';
import { RECOMMENDER_ROUTES } from './recommender-api';
import { SCAN_ROUTES } from './scan-api';
import { USER_ROUTES } from './users-api';

/** Every public route of the system. The gateway proxies exactly these; /openapi.json lists them. */
export const API_ROUTES: readonly ApiRoute[] = [...USER_ROUTES, ...LIBRARY_ROUTES, ...SCAN_ROUTES, ...RECOMMENDER_ROUTES];
