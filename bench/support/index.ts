export * from './child-process';
export * from './interleave';
export * from './machine';
export * from './peak-rss';
export * from './results';
export * from './table';
export * from './throughput';
export * from './thread-cpu';
