/**
 * Queue names are wire contracts: one queue per consuming service (plus the heavy
 * scan-inference queue). Never rename one: jobs already in Redis would be orphaned.
 */
export const QUEUES = {
  users: 'users',
  library: 'library',
  scan: 'scan',
  scanInference: 'scan-inference',
  recommender: 'recommender',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
export const ALL_QUEUES: readonly QueueName[] = Object.values(QUEUES);
