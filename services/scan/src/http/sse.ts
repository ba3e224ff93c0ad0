import type { Response } from 'express';

export interface SseStream {
  /** `id` becomes the client's Last-Event-ID when it reconnects. */
  send(event: string, data: unknown, id?: string): void;
  /** Aborted when the client goes away or the stream reached its maximum duration. */
  readonly signal: AbortSignal;
  close(): void;
}

/**
 * Opens a server-sent events response: no buffering on the way (proxies included), a comment
 * line as heartbeat so idle connections are not cut, and a maximum lifetime after which the
 * client reconnects.
 */
export function openSse(res: Response, opts: { heartbeatMs: number; maxMs: number; retryMs?: number }): SseStream {
  const controller = new AbortController();
  res.status(200);
  res.setHeader('content-type', 'text/event-stream; charset=utf-8');
  res.setHeader('cache-control', 'no-cache, no-transform');
  res.setHeader('x-accel-buffering', 'no');
  res.flushHeaders();
  res.write(`retry: ${opts.retryMs ?? 3_000}\n\n`);

  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), opts.heartbeatMs);
  const lifetime = setTimeout(() => close(), opts.maxMs);
  function close(): void {
    clearInterval(heartbeat);
    clearTimeout(lifetime);
    if (!controller.signal.aborted) controller.abort();
    if (!res.writableEnded) res.end();
  }
  // res 'close' means the connection went away (req 'close' only means the request was read).
  res.on('close', close);

  return {
    signal: controller.signal,
    close,
    send(event, data, id) {
      if (res.writableEnded) return;
      // An id may not hold a line break (it would end the field); ours never do.
      const idLine = id && !/[\r\n\0]/.test(id) ? `id: ${id}\n` : '';
      res.write(`${idLine}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
  };
}
