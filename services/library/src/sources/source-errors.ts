/** The source cannot answer now (5xx, 429, timeout, circuit open); `retryAfterMs` when it said when. */
export class SourceUnavailableError extends Error {
  override name = 'SourceUnavailableError';
  constructor(
    readonly source: string,
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(`${source}: ${message}`);
  }
}

/** The source's circuit is open: nothing was sent; try again in `retryAfterMs`. */
export class CircuitOpenError extends SourceUnavailableError {
  override name = 'CircuitOpenError';
  constructor(source: string, retryAfterMs: number) {
    super(source, 'circuit open', retryAfterMs);
  }
}

/** The source answered something we cannot use (4xx other than 404/429, bad JSON): retrying will not help. */
export class SourceRejectedError extends Error {
  override name = 'SourceRejectedError';
}
