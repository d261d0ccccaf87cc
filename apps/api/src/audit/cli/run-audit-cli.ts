import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import PDFDocument from 'pdfkit';
import { clientStreamId, isCalendarDate, isInstant, isRegion, type Region } from '@app/domain';
import { assertValidStreamId, InvalidStreamIdError } from '@app/event-store';
import { isParseArgsError, usageMessageOf } from '../../cli/cli-errors';
import type { AuditStores } from '../audit-stores';

/** What the command line reads: the store as stored, never personal data opened. */
export type CliAuditStores = Pick<AuditStores, 'raw' | 'sealed'>;
import { runConsentAudit } from '../replay/consent-audit.replay';
import type { ConsentAuditEntry, ConsentAuditSummary } from '../replay/domain-audit';
import { verifyIntegrity } from '../replay/integrity.replay';

export interface AuditCliIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** Opens `--out FILE`, settling once it is open; a parameter so tests need not touch the file system. */
  readonly openFile?: (path: string) => Promise<Writable>;
}

export const AUDIT_CLI_USAGE = [
  'usage: npm run audit -- consents [--from ISO] [--to ISO] [--client ID] [--region REGION] [--format json|csv|pdf] [--out FILE]',
  '       npm run audit -- verify [--stream STREAM]',
  'Exits 1 when a violation or a broken hash chain is found, 2 on bad usage, 3 when the audit could not run',
  '(a store unreachable, a wrong master key): then nothing it wrote is complete, and an --out file is removed.',
].join('\n');

/** Bad arguments, or arguments naming what the store does not hold: exit 2, never a pass or a violation. */
export class AuditUsageError extends Error {
  override readonly name = 'AuditUsageError';
}

interface ConsentsArgs {
  readonly from?: string;
  readonly to?: string;
  readonly clientId?: string;
  readonly region?: Region;
  readonly format: 'json' | 'csv' | 'pdf';
  readonly out?: string;
}

export type AuditCommand =
  | { readonly name: 'help' }
  | { readonly name: 'consents'; readonly args: ConsentsArgs }
  | { readonly name: 'verify'; readonly streamId?: string };

const CSV_COLUMNS: readonly (keyof ConsentAuditEntry | 'actualVerdict')[] = [
  'kind',
  'disclosureId',
  'clientId',
  'at',
  'recipient',
  'purpose',
  'dataCategories',
  'verdict',
  'consent',
  'legalObligation',
  'reasonCode',
  'reason',
  'timelines',
  'actualVerdict',
  'recordedAt',
  'position',
];

const csvCell = (value: unknown): string => {
  const parts =
    value === undefined || value === null ? [] : Array.isArray(value) ? (value as unknown[]) : [value];
  const text = parts.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' ');
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

const csvRow = (entry: ConsentAuditEntry): string =>
  CSV_COLUMNS.map((column) => {
    if (column === 'actualVerdict') return csvCell(entry.actual.verdict);
    if (column === 'consent') return csvCell(entry.consent?.consentId);
    return csvCell(entry[column]);
  }).join(',');

/** Writes entries as they come, so that an audit of the whole store never holds every entry in memory. */
interface EntrySink {
  entry(entry: ConsentAuditEntry): void;
  end(summary: ConsentAuditSummary): void;
}

function jsonSink(out: Writable): EntrySink {
  let first = true;
  out.write('{"entries":[');
  return {
    entry(entry) {
      out.write(`${first ? '\n' : ',\n'}${JSON.stringify(entry)}`);
      first = false;
    },
    end(summary) {
      out.write(`\n],"summary":${JSON.stringify(summary)}}\n`);
    },
  };
}

function csvSink(out: Writable): EntrySink {
  out.write(`${CSV_COLUMNS.join(',')}\n`);
  return { entry: (entry) => out.write(`${csvRow(entry)}\n`), end: () => undefined };
}

const FONT_DIR = join(require.resolve('dejavu-fonts-ttf/package.json'), '..', 'ttf');

function pdfSink(out: Writable, title: string): EntrySink {
  const doc = new PDFDocument({ size: 'A4', margin: 40 });
  doc.pipe(out);
  doc.registerFont('body', join(FONT_DIR, 'DejaVuSans.ttf'));
  doc.registerFont('bold', join(FONT_DIR, 'DejaVuSans-Bold.ttf'));
  doc.font('bold').fontSize(14).text('Audit souhlasů / Consent audit');
  doc.font('body').fontSize(9).text(title).moveDown();
  return {
    entry(entry) {
      const basis = entry.consent
        ? `consent ${entry.consent.consentId} (${entry.consent.method}, ${entry.consent.evidenceRef}, notice ${entry.consent.noticeVersion})`
        : (entry.legalObligation ?? '');
      doc.font(entry.verdict === 'VIOLATION' ? 'bold' : 'body');
      doc.text(
        `${entry.at}  ${entry.kind} ${entry.disclosureId}  client ${entry.clientId} → ${entry.recipient}  ${entry.purpose} [${entry.dataCategories.join(', ')}]`,
      );
      doc
        .font('body')
        .text(
          `    ${entry.verdict} ${basis} ${entry.reason ?? ''}${entry.timelines === 'CONSISTENT' ? '' : `  (${entry.timelines}: ${entry.actual.reason ?? entry.actual.verdict})`}`,
        );
    },
    end(summary) {
      doc.moveDown().font('bold').text(summaryLine(summary));
      doc.end();
    },
  };
}

const summaryLine = (summary: ConsentAuditSummary): string =>
  `consent audit: ${summary.clients} clients, ${summary.disclosures} disclosures, ${summary.refusals} refusals, ` +
  `${summary.violations} violations, ${summary.lateRecordedWithdrawals} late-recorded withdrawals`;

// The example carries Prague's offset: `…T00:00:00Z` would start the program's 1 January an hour late.
const INSTANT_EXAMPLE = 'an ISO-8601 instant with its offset, e.g. 2026-01-01T00:00:00+01:00';

const INSTANT_FIELDS = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/;

/** `Date` rolls 2025-02-30 over into March and 24:00 into the next day: an auditor would get another window. */
function isExactInstant(value: string): boolean {
  const fields = INSTANT_FIELDS.exec(value);
  if (!isInstant(value) || fields === null) return false;
  const [, date = '', hours, minutes, seconds = '0'] = fields;
  return isCalendarDate(date) && Number(hours) < 24 && Number(minutes) < 60 && Number(seconds) < 60;
}

function instantOption(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (!isExactInstant(value)) throw new AuditUsageError(`--${name} must be ${INSTANT_EXAMPLE}`);
  return new Date(value).toISOString();
}

const isStreamId = (value: string): boolean => {
  try {
    assertValidStreamId(value);
    return true;
  } catch (error) {
    if (error instanceof InvalidStreamIdError) return false;
    throw error;
  }
};

function parseConsentsArgs(argv: readonly string[]): ConsentsArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      client: { type: 'string' },
      region: { type: 'string' },
      format: { type: 'string', default: 'json' },
      out: { type: 'string' },
    },
  });
  const from = instantOption(values.from, 'from');
  const to = instantOption(values.to, 'to');
  if (from !== undefined && to !== undefined && from > to)
    throw new AuditUsageError('--from must not be after --to');
  // Messages say what a valid value looks like, never echo the value: an operator may have typed a name.
  const { client: clientId, region, format, out } = values;
  if (clientId !== undefined && !isStreamId(clientStreamId(clientId)))
    throw new AuditUsageError('--client is not a client id');
  if (region !== undefined && !isRegion(region)) throw new AuditUsageError('--region is not a region');
  if (format !== 'json' && format !== 'csv' && format !== 'pdf')
    throw new AuditUsageError('--format must be json, csv or pdf');
  if (format === 'pdf' && out === undefined) throw new AuditUsageError('--format pdf needs --out FILE');
  return {
    format,
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    ...(clientId === undefined ? {} : { clientId }),
    ...(region === undefined ? {} : { region }),
    ...(out === undefined ? {} : { out }),
  };
}

/** Parses the arguments alone, so that bad usage is answered before any store is opened. */
export function parseAuditArgs(argv: readonly string[]): AuditCommand {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') return { name: 'help' };
  if (command === 'consents') return { name: 'consents', args: parseConsentsArgs(rest) };
  if (command === 'verify') {
    const { stream } = parseArgs({ args: rest, options: { stream: { type: 'string' } } }).values;
    if (stream === undefined) return { name: 'verify' };
    if (!isStreamId(stream))
      throw new AuditUsageError(
        '--stream is not a stream id: expected <camelCaseCategory>-<id>, e.g. client-<uuid>',
      );
    return { name: 'verify', streamId: stream };
  }
  throw new AuditUsageError(command === undefined ? 'no command' : 'unknown command');
}

/** Structural, not `instanceof Error`: Node's own errors may come from another realm (a test sandbox). */
const errorCode = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;

const OPEN_FAILURES: Readonly<Record<string, string>> = {
  ENOENT: 'the directory does not exist',
  ENOTDIR: 'a parent of the file is not a directory',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
};

async function openOutFile(path: string): Promise<Writable> {
  const stream = createWriteStream(path);
  await once(stream, 'open');
  return stream;
}

/** Opened before the audit runs, so that a long audit never ends in a file it cannot write. */
async function openOut(path: string, io: AuditCliIo): Promise<Writable> {
  try {
    return await (io.openFile ?? openOutFile)(path);
  } catch (error) {
    const code = errorCode(error) ?? 'error';
    throw new AuditUsageError(`--out: ${OPEN_FAILURES[code] ?? `the file cannot be created (${code})`}`);
  }
}

async function consents(args: ConsentsArgs, stores: CliAuditStores, io: AuditCliIo): Promise<number> {
  const { from, to, clientId, region, format } = args;
  if (clientId !== undefined && (await stores.raw.streamRevision(clientStreamId(clientId))) === null)
    throw new AuditUsageError('--client: the event store holds no such client');
  const out = args.out === undefined ? null : await openOut(args.out, io);
  const target = out ?? io.stdout;
  const title = `from ${from ?? '—'} to ${to ?? '—'}${clientId ? `, client ${clientId}` : ''}${region ? `, region ${region}` : ''}`;
  const sink =
    format === 'csv' ? csvSink(target) : format === 'pdf' ? pdfSink(target, title) : jsonSink(target);
  let summary: ConsentAuditSummary;
  try {
    summary = await runConsentAudit(
      stores.sealed,
      {
        ...(from === undefined ? {} : { from }),
        ...(to === undefined ? {} : { to }),
        ...(clientId === undefined ? {} : { clientId }),
        ...(region === undefined ? {} : { region }),
      },
      (audit) => audit.entries.forEach((entry) => sink.entry(entry)),
    );
    sink.end(summary);
    if (out !== null) {
      // pdfkit ends the stream it is piped to; the other formats end it here.
      if (format !== 'pdf') out.end();
      await finished(out);
    }
  } catch (error) {
    // A file cut short (the store failed, the disk filled) would read as a complete audit: it goes, and the
    // error says the audit could not run.
    if (out !== null && args.out !== undefined) {
      if (!out.writableEnded) out.end();
      await finished(out).catch(() => undefined);
      if (io.openFile === undefined) await rm(args.out, { force: true });
    }
    throw error;
  }
  io.stderr.write(`${summaryLine(summary)}\n`);
  return summary.violations > 0 ? 1 : 0;
}

async function verify(streamId: string | undefined, stores: CliAuditStores, io: AuditCliIo): Promise<number> {
  const summary = await verifyIntegrity(stores.raw, streamId);
  // A stream whose events were all removed still has its head in the store and shows as BROKEN; only a stream
  // the store never held walks as an intact chain of nothing.
  const [only] = summary.results;
  if (streamId !== undefined && only?.ok === true && only.events === 0)
    throw new AuditUsageError('--stream: the event store holds no such stream');
  for (const result of summary.results) {
    io.stdout.write(
      result.ok
        ? `OK      ${result.streamId} (${result.events} events)\n`
        : `BROKEN  ${result.streamId} at revision ${result.revision}, position ${result.position}: ${result.reason}, expected ${result.expectedHash}, found ${result.foundHash}\n`,
    );
  }
  io.stderr.write(`hash chains: ${summary.streams} streams, ${summary.broken} broken\n`);
  return summary.ok ? 0 : 1;
}

/** Answers bad usage with one line and the usage, exit 2; anything else propagates to the caller. */
export async function answeringUsageErrors(
  io: Pick<AuditCliIo, 'stderr'>,
  run: () => Promise<number>,
): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof AuditUsageError) && !isParseArgsError(error)) throw error;
    io.stderr.write(`${usageMessageOf(error)}\n${AUDIT_CLI_USAGE}\n`);
    return 2;
  }
}

/** Runs a parsed command against the stores; throws `AuditUsageError` where an argument names nothing stored. */
export async function runAuditCommand(
  command: AuditCommand,
  stores: CliAuditStores,
  io: AuditCliIo,
): Promise<number> {
  switch (command.name) {
    case 'help':
      io.stdout.write(`${AUDIT_CLI_USAGE}\n`);
      return 0;
    case 'consents':
      return consents(command.args, stores, io);
    case 'verify':
      return verify(command.streamId, stores, io);
  }
}

/** `npm run audit -- consents …` and `npm run audit -- verify`: the exit code says whether the audit passed. */
export function runAuditCli(
  argv: readonly string[],
  stores: CliAuditStores,
  io: AuditCliIo,
): Promise<number> {
  return answeringUsageErrors(io, () => runAuditCommand(parseAuditArgs(argv), stores, io));
}
