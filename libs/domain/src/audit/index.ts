export * from './consent-audit';
export * from './consent-state-at';
