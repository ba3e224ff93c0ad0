import { onShutdown } from '@bookshelf/platform';
import { start } from './server';

// The scan API process. The inference worker is a separate process: src/worker.ts.
const running = await start();
onShutdown(running.logger, running.closers);
