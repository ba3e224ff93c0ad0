import { onShutdown } from '@bookshelf/platform';
import { startWorker } from './worker-server';

// The scan inference worker process (scan-inference queue); the API is src/main.ts.
// A running scan may take a while on a busy node: SIGTERM lets it finish (Kubernetes and
// compose give this process 180 s before SIGKILL).
const SHUTDOWN_GRACE_MS = 170_000;

const running = await startWorker();
onShutdown(running.logger, running.closers, SHUTDOWN_GRACE_MS);
