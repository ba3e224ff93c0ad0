export * from './pool';
export * from './database';
export * from './migrate';
export * from './migrate-all';
export * from './services';
