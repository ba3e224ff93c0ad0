import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker';
import { SourceRejectedError, SourceUnavailableError } from './source-errors';

const down = async () => {
  throw new SourceUnavailableError('s', 'HTTP 503');
};

describe('CircuitBreaker', () => {
  it('opens after consecutive unavailable answers, fails fast, then lets one trial through', async () => {
    let now = 0;
    const b = new CircuitBreaker('s', 3, 1000, () => now);
    let calls = 0;
    const counted = async () => {
      calls++;
      return down();
    };
    for (let i = 0; i < 3; i++) await expect(b.run(counted)).rejects.toThrow('HTTP 503');
    expect(b.state).toBe('open');
    await expect(b.run(counted)).rejects.toThrow('circuit open');
    expect(calls).toBe(3);
    expect(b.retryInMs()).toBe(1000);

    now = 1000;
    expect(b.state).toBe('half-open');
    // The trial fails: open again for a full cooldown.
    await expect(b.run(counted)).rejects.toThrow('HTTP 503');
    expect(calls).toBe(4);
    expect(b.state).toBe('open');
    now = 2000;
    expect(await b.run(async () => 'ok')).toBe('ok');
    expect(b.state).toBe('closed');
  });

  it('counts only unavailability: a rejected answer is the source working', async () => {
    const b = new CircuitBreaker('s', 2, 1000, () => 0);
    await expect(b.run(down)).rejects.toThrow();
    await expect(b.run(async () => { throw new SourceRejectedError('bad'); })).rejects.toThrow('bad');
    await expect(b.run(down)).rejects.toThrow();
    expect(b.state).toBe('closed');
  });

  it('lets a single trial through while half-open', async () => {
    let now = 0;
    const b = new CircuitBreaker('s', 1, 100, () => now);
    await expect(b.run(down)).rejects.toThrow();
    now = 100;
    let release!: () => void;
    const trial = b.run(() => new Promise<string>((r) => (release = () => r('ok'))));
    await expect(b.run(async () => 'second')).rejects.toThrow('circuit open');
    release();
    expect(await trial).toBe('ok');
  });
});
