// This spec is the one file under libs/domain allowed to use Node's I/O: it reads the sources it guards.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  EVENT_SCHEMA_VERSIONS,
  EVENT_STREAM_CATEGORIES,
  EVENT_TYPES,
  PERSONAL_DATA_FIELDS,
} from './shared/event-catalog';
import { REJECTION_CODES } from './shared/rejection-codes';

const DOMAIN_ROOT = join(__dirname, '..');
const REPO_ROOT = join(DOMAIN_ROOT, '..', '..');
const THIS_FILE = relative(DOMAIN_ROOT, __filename);

const FORBIDDEN = [
  /^@nestjs\//,
  /^better-sqlite3$/,
  /^mongoose$/,
  /^mongodb$/,
  /^@eventstore\//,
  /^bullmq$/,
  /^ioredis$/,
  /^(node:)?(fs|fs\/promises|net|http|https|http2|child_process|dgram|dns|tls|cluster|worker_threads|readline|os)$/,
];

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|js|mjs|cjs)$/.test(entry.name) ? [path] : [];
  });

const importedModules = (source: string): string[] =>
  [
    ...source.matchAll(/\bfrom\s+['"]([^'"]+)['"]/g),
    ...source.matchAll(/\bimport\s+['"]([^'"]+)['"]/g),
    ...source.matchAll(/\b(?:require|import)\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((match) => match[1] ?? '');

describe('domain architecture', () => {
  it('imports no framework, database client, queue or Node I/O module', () => {
    const offences = sourceFiles(DOMAIN_ROOT)
      .filter((file) => relative(DOMAIN_ROOT, file) !== THIS_FILE)
      .flatMap((file) =>
        importedModules(readFileSync(file, 'utf8'))
          .filter((module) => FORBIDDEN.some((pattern) => pattern.test(module)))
          .map((module) => `${relative(DOMAIN_ROOT, file)} imports ${module}`),
      );
    expect(offences).toEqual([]);
  });

  it('recognises the imports it forbids', () => {
    const sample = `import { Injectable } from '@nestjs/common';\nimport 'fs';\nconst x = require("node:child_process");`;
    const flagged = importedModules(sample).filter((module) =>
      FORBIDDEN.some((pattern) => pattern.test(module)),
    );
    expect(flagged).toEqual(['@nestjs/common', 'fs', 'node:child_process']);
  });

  it('reads no clock and no randomness inside the domain', () => {
    const offences = sourceFiles(join(DOMAIN_ROOT, 'src'))
      .filter((file) => !file.endsWith('.spec.ts'))
      .filter((file) => /Date\.now\(|new Date\(\)|Math\.random\(/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(DOMAIN_ROOT, file));
    expect(offences).toEqual([]);
  });
});

describe('event catalog', () => {
  it('versions every event type and names only known types as personal', () => {
    expect(Object.keys(EVENT_SCHEMA_VERSIONS).sort()).toEqual([...EVENT_TYPES].sort());
    for (const type of Object.keys(PERSONAL_DATA_FIELDS)) expect(EVENT_TYPES).toContain(type);
  });
});

describe('docs/events.md', () => {
  const doc = readFileSync(join(REPO_ROOT, 'docs', 'events.md'), 'utf8');

  it('documents every event type with its stream', () => {
    const missing = EVENT_TYPES.filter(
      (type) =>
        !new RegExp(`\\|\\s*\`${type}\`\\s*\\|\\s*\`${EVENT_STREAM_CATEGORIES[type]}-<id>\`\\s*\\|`).test(
          doc,
        ),
    );
    expect(missing).toEqual([]);
  });

  it('marks exactly the personal data fields with 🔒', () => {
    for (const [type, fields] of Object.entries(PERSONAL_DATA_FIELDS)) {
      const row = doc.split('\n').find((line) => line.includes(`\`${type}\``)) ?? '';
      for (const field of fields) expect(`${type}: ${row}`).toContain(`🔒${field}`);
    }
  });

  it('documents every rejection code', () => {
    const missing = Object.keys(REJECTION_CODES).filter((code) => !doc.includes(`\`${code}\``));
    expect(missing).toEqual([]);
  });
});
