export * from './infra';
export * from './database';
export * from './system';
export * from './idp';
export * from './api-client';
export * from './redis-server';
export * from './tcp-proxy';
export * from './process';
