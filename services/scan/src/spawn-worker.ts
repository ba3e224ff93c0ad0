import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '@bookshelf/db';

const WORKER_ENTRY = fileURLToPath(new URL('./worker.ts', import.meta.url));

/**
 * Starts the inference worker as a child process (TypeScript through tsx), for start scripts
 * and tests that need a real, killable worker process.
 */
export function spawnScanWorker(env: NodeJS.ProcessEnv, stdio: StdioOptions = ['ignore', 'inherit', 'inherit']): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', WORKER_ENTRY], { cwd: REPO_ROOT, env, stdio });
}
