const { SQLITE_DRIVER } = require('./infra/sqlite-driver');
const { SWC_OPTIONS } = require('./infra/swc-options');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/infra', '<rootDir>/bench'],
  testRegex: '.*\\.(spec|int-spec|e2e-spec)\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.ts$': ['@swc/jest', SWC_OPTIONS] },
  moduleNameMapper: {
    // The SQLite driver built for the running Node (infra/sqlite-driver.js).
    '^better-sqlite3$': SQLITE_DRIVER,
    '^@app/(domain|event-store|read-models|jobs|platform)$': '<rootDir>/libs/$1/src',
    '^@app/(domain|event-store|read-models|jobs|platform)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  setupFiles: ['reflect-metadata'],
  testTimeout: 60000,
};
