export interface SseEvent {
  event: string;
  data: unknown;
  /** The event's `id:` field, when it has one. */
  id?: string;
}

/** Parses a text/event-stream response body into events (comments and retry lines skipped). */
export async function* readSse(res: Response): AsyncGenerator<SseEvent> {
  if (!res.body) return;
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of res.body) {
    buffer += decoder.decode(chunk as Uint8Array, { stream: true });
    let idx: number;
    while ((idx = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, idx);
      buffer = buffer.slice(idx + 2);
      let event = 'message';
      let id: string | undefined;
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
        else if (line.startsWith('id: ')) id = line.slice(4);
      }
      if (data.length) yield { event, data: JSON.parse(data.join('\n')) as unknown, ...(id !== undefined ? { id } : {}) };
    }
  }
}

/** Every event until the stream ends (the server closes it when the scan is done or failed). */
export async function collectSse(res: Response, timeoutMs = 60_000): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  const timer = setTimeout(() => void res.body?.cancel(), timeoutMs);
  try {
    for await (const e of readSse(res)) events.push(e);
  } finally {
    clearTimeout(timer);
  }
  return events;
}
