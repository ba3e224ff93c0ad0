import { CircuitOpenError, SourceUnavailableError } from './source-errors';

/**
 * Per source: after `failures` consecutive unavailable answers the circuit opens and calls fail
 * at once for `cooldownMs`; then one trial call goes through (half-open) and its outcome closes
 * or re-opens it. Only SourceUnavailableError counts: a 404 or a bad payload is the source working.
 */
export class CircuitBreaker {
  private consecutive = 0;
  private openUntil = 0;
  private trialInFlight = false;

  constructor(
    readonly source: string,
    private readonly failures: number,
    private readonly cooldownMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): 'closed' | 'open' | 'half-open' {
    if (this.consecutive < this.failures) return 'closed';
    return this.now() < this.openUntil ? 'open' : 'half-open';
  }

  /** Milliseconds until a call may be tried again (0: now). */
  retryInMs(): number {
    return this.state === 'open' ? this.openUntil - this.now() : this.trialInFlight ? this.cooldownMs : 0;
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    const state = this.state;
    if (state === 'open' || (state === 'half-open' && this.trialInFlight)) {
      throw new CircuitOpenError(this.source, Math.max(this.retryInMs(), 1));
    }
    if (state === 'half-open') this.trialInFlight = true;
    try {
      const result = await call();
      this.consecutive = 0;
      return result;
    } catch (err) {
      if (err instanceof SourceUnavailableError) {
        this.consecutive++;
        if (this.consecutive >= this.failures) this.openUntil = this.now() + this.cooldownMs;
      } else {
        this.consecutive = 0;
      }
      throw err;
    } finally {
      if (state === 'half-open') this.trialInFlight = false;
    }
  }
}
