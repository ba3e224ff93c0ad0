import { onShutdown } from '@bookshelf/platform';
import { start } from './server';

const running = await start();
onShutdown(running.logger, running.closers);
