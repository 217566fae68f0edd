export * from './server.ts';
export * from './body.ts';
