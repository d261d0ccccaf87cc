export * from './sqlite-document-store';
export * from './sqlite-projection-lease';
