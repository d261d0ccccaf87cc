export * from './ids';
export * from './deep-freeze';
export * from './error-facts';
export * from './clock';
export * from './config';
export * from './logging';
export * from './auth';
export * from './metrics';
