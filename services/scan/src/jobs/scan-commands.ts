import type { JobProducer } from '@bookshelf/platform';
import type { ScanCommands } from '../domain/ports';

/** ScanCommands over the typed job producer, with job ids that make repeats harmless. */
export function scanCommands(producer: JobProducer): ScanCommands {
  return {
    enqueueDetect: async (scanId, userId) => {
      await producer.send('scan.detect', { scanId, userId }, { jobId: scanId });
    },
    addToLibrary: async (payload) => {
      await producer.send('library.add-from-scan', payload, { jobId: `add-from-scan-${payload.scanId}` });
    },
  };
}
