export * from './certificate-policy';
export * from './certificate-number';
export * from './certificate-eligibility';
export * from './certificate-number-ledger';
export * from './service-record';
