/**
 * `npm run bench -- <name>` runs `bench/<name>.bench.ts`. A benchmark module exports `run()`, which prints its
 * table and writes `bench-results/<name>.json`; add one by adding its line below.
 */
interface BenchmarkModule {
  run(): Promise<void>;
}

const BENCHMARKS: Readonly<Record<string, () => Promise<BenchmarkModule>>> = {
  'event-store': () => import('./event-store.bench'),
  audit: () => import('./audit.bench'),
  certificates: () => import('./certificates.bench'),
  projections: () => import('./projections.bench'),
  api: () => import('./api.bench'),
  'access-record': () => import('./access-record.bench'),
};

function usage(): string {
  return [
    'usage: npm run bench -- <benchmark>',
    '',
    'benchmarks:',
    ...Object.keys(BENCHMARKS).map((name) => `  ${name}`),
  ].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const name = argv[0];
  if (name === '-h' || name === '--help') {
    console.log(usage());
    return 0;
  }
  // `hasOwn`, so that a name such as `toString` is not found on the object's prototype.
  const load = name !== undefined && Object.hasOwn(BENCHMARKS, name) ? BENCHMARKS[name] : undefined;
  if (load === undefined) {
    if (name !== undefined) console.error(`unknown benchmark: ${name}\n`);
    console.error(usage());
    return 2;
  }
  // Measured as deployed (docker-compose.yml sets it too): graphql-js, among others, checks every type test in
  // development (ADR 20). Set before a benchmark's modules load, since they read it once, when loaded.
  process.env.NODE_ENV ??= 'production';
  console.error(`bench: NODE_ENV=${process.env.NODE_ENV}`);
  const benchmark = await load();
  await benchmark.run();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
