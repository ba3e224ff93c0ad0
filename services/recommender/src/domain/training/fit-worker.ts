// Runs in a worker thread (see fit-in-thread.ts): the fit is seconds of pure CPU, which on the
// service's own thread would stall every HTTP request and queue heartbeat meanwhile.
import { parentPort, workerData } from 'node:worker_threads';
import { fitModel, type FitInput } from './fit-model';

const result = fitModel(workerData as FitInput);
parentPort!.postMessage(result, [result.blob.buffer as ArrayBuffer]);
