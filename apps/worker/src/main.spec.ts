import { createServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server } from 'node:net';
import { listen, ListenError } from './main';

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
