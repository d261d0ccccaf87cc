// Container health probe without curl (not in the slim Node image): exits 0 only when the app answers 2xx.
// Usage: node infra/docker/healthcheck.js [path], default /health/ready on $PORT (3000).
const path = process.argv[2] ?? '/health/ready';
const port = process.env.PORT ?? '3000';

fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(4000) })
  .then((response) => process.exit(response.ok ? 0 : 1))
  .catch(() => process.exit(1));
