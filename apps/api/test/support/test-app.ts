import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, loadConfig, mintToken, type Region, type Role } from '@app/platform';
import { startApi, type RunningApp, type StartApiOptions } from '../../src/bootstrap';

const JWT_SECRET = 'e2e-secret-0123456789abcdefghijklmnopqrstuvwxyz';

export interface GraphQLResponse<Data = Record<string, unknown>> {
  readonly status: number;
  readonly data?: Data | null;
  readonly errors?: {
    message: string;
    path?: string[];
    extensions?: { code?: string; [key: string]: unknown };
  }[];
}

export interface TestApp {
  readonly url: string;
  readonly nest: RunningApp['app'];
  readonly dataDir: string;
  readonly logLines: string[];
  token(role: Role, regions?: Region[], subject?: string): Promise<string>;
  gql<Data = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GraphQLResponse<Data>>;
  /**
   * Fails when `response` (from `gql`) carries errors, quoting them with what the server logged as errors for
   * that request: an INTERNAL_SERVER_ERROR says nothing more to the client.
   */
  expectNoErrors(response: GraphQLResponse<unknown>): void;
  close(): Promise<void>;
}

/** The embedded default on a random port and a throw-away DATA_DIR, as a user would run it. */
export async function startTestApp(
  env: Record<string, string> = {},
  options: StartApiOptions = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pruvodce-e2e-'));
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', JWT_SECRET, ...env });
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logLines.push(...chunk.toString().trim().split('\n'));
      callback();
    },
  });
  const running: RunningApp = await startApi(config, createLogger('info', sink), options);
  const correlationIds = new WeakMap<GraphQLResponse<unknown>, string>();
  const errorsLoggedFor = (correlationId: string): string[] =>
    logLines.filter((line) => {
      if (!line.includes(correlationId)) return false;
      const entry = JSON.parse(line) as { level?: unknown; correlationId?: unknown };
      return entry.correlationId === correlationId && entry.level === 'error';
    });
  return {
    url: running.url,
    nest: running.app,
    dataDir,
    logLines,
    token: (role, regions = [], subject = `${role.toLowerCase()}-1`) =>
      mintToken(JWT_SECRET, { subject, role, regions }),
    async gql(query, variables, token) {
      const correlationId = `e2e-${randomUUID()}`;
      const response = await fetch(`${running.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-correlation-id': correlationId,
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as Omit<GraphQLResponse, 'status'>;
      const answer = { status: response.status, ...body } as GraphQLResponse<any>;
      correlationIds.set(answer, correlationId);
      return answer;
    },
    expectNoErrors(response) {
      if (response.errors === undefined) return;
      const correlationId = correlationIds.get(response);
      const logged = correlationId === undefined ? [] : errorsLoggedFor(correlationId);
      throw new Error(
        [`the response carries errors: ${JSON.stringify(response.errors)}`, ...logged].join('\n'),
      );
    },
    async close() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
