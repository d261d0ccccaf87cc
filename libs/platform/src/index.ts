export * from './ids';
export * from './clock';
export * from './config';
export * from './logging';
export * from './auth';
export * from './metrics';
