import { Worker } from 'node:worker_threads';
import type { FitInput, FitResult } from './fit-model';

/** The process's own flags (its tsx loader among them); tsx added where the process has none (tests). */
function threadExecArgv(): string[] {
  const own = process.execArgv.filter((a) => !a.startsWith('--cpu-prof'));
  return own.some((a) => a.includes('tsx')) ? own : [...own, '--import', 'tsx'];
}

/**
 * Fits in a worker thread, so the process keeps answering HTTP, renewing job locks and
 * consuming events while a model trains. The worker runs the TypeScript sources through tsx,
 * as the service itself does.
 */
export function fitInThread(input: FitInput): Promise<FitResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./fit-worker.ts', import.meta.url), {
      workerData: input,
      execArgv: threadExecArgv(),
    });
    let settled = false;
    worker.once('message', (result: FitResult) => {
      settled = true;
      resolve(result);
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`model fit thread exited with code ${code}`));
    });
  });
}
