import { createServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server } from 'node:net';
import { Metrics } from '@app/platform';
import { listen, ListenError, workerHttpHandler } from './main';
import type { ProjectionHealth } from './runtime/runtime';

describe('listen', () => {
  let occupier: Server;
  let occupied: number;

  beforeEach(async () => {
    occupier = createTcpServer();
    await new Promise<void>((resolve) => occupier.listen(0, '127.0.0.1', resolve));
    occupied = (occupier.address() as AddressInfo).port;
  });

  afterEach(() => new Promise<void>((resolve) => occupier.close(() => resolve())));

  it('given a port in use, when listening, then it rejects with one line naming the address', async () => {
    const server = createServer();
    const failure = listen(server, occupied, '127.0.0.1');
    await expect(failure).rejects.toBeInstanceOf(ListenError);
    await expect(failure).rejects.toMatchObject({
      code: 'EADDRINUSE',
      port: occupied,
      message: `cannot listen on 127.0.0.1:${occupied}: the port is already in use`,
    });
    expect(server.listening).toBe(false);
    expect(server.listenerCount('error')).toBe(0);
  });

  it('given a free port, when listening, then it resolves with the bound port once listening', async () => {
    const server = createServer();
    const port = await listen(server, 0, '127.0.0.1');
    expect(server.listening).toBe(true);
    expect(port).toBe((server.address() as AddressInfo).port);
    expect(server.listenerCount('error')).toBe(0);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});

describe('the worker over HTTP', () => {
  const healthy: ProjectionHealth = { name: 'clients', position: '12', lag: '0', failing: false };
  let status: () => Promise<ProjectionHealth[]>;
  let server: HttpServer;
  let url: string;

  beforeAll(async () => {
    const metrics = new Metrics();
    metrics.observeProjectionLag(() => status());
    server = createServer(workerHttpHandler({ projectionStatus: () => status() }, metrics));
    url = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  beforeEach(() => {
    status = () => Promise.resolve([healthy]);
  });

  it('given projections that run, when readiness is probed, then 200 with their status', async () => {
    const response = await fetch(`${url}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', projections: [healthy] });
  });

  it('given a failing projection, when readiness is probed, then 503 naming it', async () => {
    const failing = { ...healthy, name: 'matches', failing: true };
    status = () => Promise.resolve([healthy, failing]);
    const response = await fetch(`${url}/health/ready`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'error', projections: [healthy, failing] });
  });

  it('given a status that cannot be read (a store down), when readiness is probed, then 503 without the error', async () => {
    status = () => Promise.reject(new Error('connection to mongodb://secret-host refused'));
    const response = await fetch(`${url}/health/ready`);
    expect(response.status).toBe(503);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({ status: 'error', projections: null });
    expect(body).not.toContain('secret-host');
  });

  it('given the worker runs, when liveness, metrics and an unknown path are asked for, then 200, the lag gauge and 404', async () => {
    const live = await fetch(`${url}/health/live`);
    expect(live.status).toBe(200);
    const metrics = await fetch(`${url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/^pruvodce_projection_lag_events\{projection="clients"\} 0$/m);
    expect((await fetch(`${url}/nowhere`)).status).toBe(404);
  });

  it('given any answer, when sent, then a browser may not sniff another content type into it', async () => {
    const answers = await Promise.all(
      ['/health/live', '/health/ready', '/metrics', '/nowhere'].map((path) => fetch(`${url}${path}`)),
    );
    expect(answers.map((answer) => answer.headers.get('x-content-type-options'))).toEqual(
      answers.map(() => 'nosniff'),
    );
  });
});
