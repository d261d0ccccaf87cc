// The pure audit lives in libs/domain/src/audit. Until `export * from './audit'` is added to the domain's
// index, it is imported here by path, in this one place; then this file becomes `export * from '@app/domain'`.
export * from '../../../../../libs/domain/src/audit';
