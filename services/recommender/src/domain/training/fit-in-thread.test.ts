import { describe, expect, it } from 'vitest';
import { TUNED_SPECS } from '../models/model-spec';
import { fitInThread } from './fit-in-thread';
import { fitModel, type FitInput } from './fit-model';

/** Readers with overlapping tastes over `items` books: enough work for EASE to take a while. */
function feedback(readers: number, items: number): FitInput['triples'] {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const out: FitInput['triples'] = [];
  for (let u = 0; u < readers; u++) {
    const taste = Math.floor(rnd() * items);
    for (let k = 0; k < 25; k++) out.push({ userId: `u${u}`, itemId: `b${(taste + Math.floor(rnd() * 60)) % items}`, weight: 1 });
  }
  return out;
}

describe('fitInThread', () => {
  it('fits the same model as in process, while the event loop keeps turning', async () => {
    const input: FitInput = { spec: TUNED_SPECS.ease, triples: feedback(3000, 1500) };
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const started = performance.now();
    const threaded = await fitInThread(input);
    const threadMs = performance.now() - started;
    clearInterval(timer);
    const inProcess = fitModel(input);
    expect(threaded.kind).toBe('ease');
    expect(Buffer.from(threaded.blob).equals(Buffer.from(inProcess.blob))).toBe(true);
    expect([threaded.readers, threaded.books, threaded.interactions]).toEqual([inProcess.readers, inProcess.books, inProcess.interactions]);
    // Had the fit run on this thread, no timer could have fired until it was over.
    expect(ticks).toBeGreaterThan(Math.min(20, threadMs / 50));
  }, 60_000);

  it('reports a fit that fails instead of hanging', async () => {
    await expect(fitInThread({ spec: { kind: 'no-such-model' } as never, triples: [{ userId: 'u', itemId: 'b', weight: 1 }] })).rejects.toThrow();
  });
});
