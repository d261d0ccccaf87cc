import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { SubjectAccessReportData } from './subject-access.report';

const FONT_DIR = join(require.resolve('dejavu-fonts-ttf/package.json'), '..', 'ttf');

/** Renders a JSON-like value as indented lines, so the PDF holds exactly what the JSON holds. */
function lines(value: unknown, indent = ''): string[] {
  if (value === null || value === undefined) return [`${indent}—`];
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${indent}(none)`];
    return value.flatMap((item, index) => [`${indent}${index + 1}.`, ...lines(item, `${indent}    `)]);
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, item]) =>
      item !== null && typeof item === 'object'
        ? [`${indent}${key}:`, ...lines(item, `${indent}    `)]
        : [`${indent}${key}: ${String(item)}`],
    );
  }
  return [`${indent}${typeof value === 'string' ? value : JSON.stringify(value)}`];
}

const SECTIONS: readonly [keyof SubjectAccessReportData, string][] = [
  ['personalData', 'Osobní údaje / Personal data'],
  ['consents', 'Souhlasy / Consents'],
  ['recipients', 'Příjemci / Recipients (GDPR čl. 15 a 19)'],
  ['disclosures', 'Zpřístupnění / Disclosures'],
  ['refusals', 'Odmítnutá zpřístupnění / Refused disclosures'],
  ['matches', 'Dvojice s dobrovolníky / Matches'],
  ['departure', 'Odchod / Departure'],
  ['accessLog', 'Přístupy k údajům / Access log'],
];

/** The subject access report as a PDF (DejaVu, so that Czech diacritics render). */
export function renderSubjectAccessPdf(report: SubjectAccessReportData): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 50,
      info: { Title: `Subject access report ${report.clientId}` },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('body', join(FONT_DIR, 'DejaVuSans.ttf'));
    doc.registerFont('bold', join(FONT_DIR, 'DejaVuSans-Bold.ttf'));
    doc.font('bold').fontSize(16).text('Přehled zpracovávaných údajů / Subject access report');
    doc.moveDown(0.5);
    doc.font('body').fontSize(10);
    doc.text(`Klient / Client: ${report.clientId}`);
    doc.text(`Vytvořeno / Generated: ${report.generatedAt}`);
    doc.text(`Region: ${report.region ?? '—'}; registrován / registered: ${report.registeredAt ?? '—'}`);
    doc.text(
      `Jazyky / Languages: ${report.languages.join(', ')}; potřeby / needs: ${report.needs.join(', ')}`,
    );
    if (report.erased) doc.text('Osobní údaje byly vymazány / Personal data was erased');
    for (const [key, title] of SECTIONS) {
      doc.moveDown(0.8);
      doc.font('bold').fontSize(12).text(title);
      doc.font('body').fontSize(9);
      for (const line of lines(report[key])) doc.text(line);
    }
    doc.end();
  });
}
