import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import PDFDocument from 'pdfkit';
import { isInstant, isRegion } from '@app/domain';
import type { AuditStores } from '../audit-stores';
import { runConsentAudit } from '../replay/consent-audit.replay';
import type { ConsentAuditEntry, ConsentAuditSummary } from '../replay/domain-audit';
import { verifyIntegrity } from '../replay/integrity.replay';

export interface AuditCliIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** Opens `--out FILE`; a parameter so tests need not touch the file system. */
  readonly openFile?: (path: string) => Writable;
}

export const AUDIT_CLI_USAGE = [
  'usage: npm run audit -- consents [--from ISO] [--to ISO] [--client ID] [--region REGION] [--format json|csv|pdf] [--out FILE]',
  '       npm run audit -- verify [--stream STREAM]',
  'Exits 1 when a violation or a broken hash chain is found, 2 on bad usage.',
].join('\n');

class UsageError extends Error {}

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

function instantOption(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (!isInstant(value))
    throw new UsageError(`--${name} must be an ISO-8601 instant, e.g. 2026-01-01T00:00:00Z`);
  return new Date(value).toISOString();
}

async function consents(argv: readonly string[], stores: AuditStores, io: AuditCliIo): Promise<number> {
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
  if (values.region !== undefined && !isRegion(values.region))
    throw new UsageError('--region is not a region');
  if (!['json', 'csv', 'pdf'].includes(values.format ?? ''))
    throw new UsageError('--format must be json, csv or pdf');
  if (values.format === 'pdf' && values.out === undefined)
    throw new UsageError('--format pdf needs --out FILE');
  const out = values.out === undefined ? null : (io.openFile ?? createWriteStream)(values.out);
  const target = out ?? io.stdout;
  const title = `from ${from ?? '—'} to ${to ?? '—'}${values.client ? `, client ${values.client}` : ''}${values.region ? `, region ${values.region}` : ''}`;
  const sink =
    values.format === 'csv'
      ? csvSink(target)
      : values.format === 'pdf'
        ? pdfSink(target, title)
        : jsonSink(target);
  const summary = await runConsentAudit(
    stores.sealed,
    {
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
      ...(values.client === undefined ? {} : { clientId: values.client }),
      ...(values.region === undefined ? {} : { region: values.region }),
    },
    (audit) => audit.entries.forEach((entry) => sink.entry(entry)),
  );
  sink.end(summary);
  if (out !== null) {
    // pdfkit ends the stream it is piped to; the other formats end it here.
    if (values.format !== 'pdf') out.end();
    await finished(out);
  }
  io.stderr.write(`${summaryLine(summary)}\n`);
  return summary.violations > 0 ? 1 : 0;
}

async function verify(argv: readonly string[], stores: AuditStores, io: AuditCliIo): Promise<number> {
  const { values } = parseArgs({ args: [...argv], options: { stream: { type: 'string' } } });
  const summary = await verifyIntegrity(stores.raw, values.stream);
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

/** `npm run audit -- consents …` and `npm run audit -- verify`: the exit code says whether the audit passed. */
export async function runAuditCli(
  argv: readonly string[],
  stores: AuditStores,
  io: AuditCliIo,
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'consents') return await consents(rest, stores, io);
    if (command === 'verify') return await verify(rest, stores, io);
    io.stderr.write(`${AUDIT_CLI_USAGE}\n`);
    return 2;
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      io.stderr.write(`${error.message}\n${AUDIT_CLI_USAGE}\n`);
      return 2;
    }
    throw error;
  }
}
