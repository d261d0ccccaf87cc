import { join } from 'node:path';
import PDFDocument from 'pdfkit';

/** DejaVu Sans carries every Czech diacritic (ř, ž, ů…), which the PDF standard fonts do not. */
const FONT_DIR = join(require.resolve('dejavu-fonts-ttf/package.json'), '..', 'ttf');
const REGULAR = join(FONT_DIR, 'DejaVuSans.ttf');
const BOLD = join(FONT_DIR, 'DejaVuSans-Bold.ttf');

const ACTIVITY_NAMES: Readonly<Record<string, { cs: string; en: string }>> = {
  CZECH_PRACTICE: { cs: 'procvičování češtiny', en: 'Czech language practice' },
  ACCOMPANIMENT: { cs: 'doprovod', en: 'accompaniment' },
  LEISURE: { cs: 'volný čas', en: 'leisure activities' },
  ORIENTATION: { cs: 'orientace v místě a institucích', en: 'orientation' },
  TUTORING: { cs: 'doučování', en: 'tutoring' },
};

export interface CertificatePdfContent {
  readonly programName: string;
  readonly accreditation: string;
  readonly holderName: string;
  readonly certificateNo: string;
  readonly verificationCode: string;
  readonly policyVersion: string;
  readonly serviceFrom: string;
  readonly serviceTo: string;
  readonly approvedHours: number;
  readonly activities: readonly string[];
  readonly issuedOn: string;
  readonly revoked: boolean;
}

const czechDate = (date: string): string => {
  const [year, month, day] = date.split('-').map(Number);
  return `${day}. ${month}. ${year}`;
};
const czechHours = (hours: number): string => String(hours).replace('.', ',');

/** The certificate in Czech and English on one A4 page. */
export function renderCertificatePdf(content: CertificatePdfContent): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const pdf = new PDFDocument({
      size: 'A4',
      margin: 56,
      info: { Title: `${content.programName} ${content.certificateNo}`, Creator: content.programName },
    });
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    pdf.registerFont('regular', REGULAR);
    pdf.registerFont('bold', BOLD);

    const activities = content.activities.map(
      (activity) => ACTIVITY_NAMES[activity] ?? { cs: activity, en: activity },
    );
    pdf.font('bold').fontSize(18).text('Osvědčení o dlouhodobé dobrovolnické službě', { align: 'center' });
    pdf.font('regular').fontSize(12).text('Certificate of Long-term Volunteer Service', { align: 'center' });
    if (content.revoked)
      pdf.moveDown().font('bold').fontSize(14).text('ZRUŠENO / REVOKED', { align: 'center' });
    pdf.moveDown(1.5).font('regular').fontSize(11);
    pdf.text(`Program / Programme: ${content.programName}`);
    pdf.text(`Akreditace / Accreditation: ${content.accreditation}`);
    pdf.moveDown();
    pdf.font('bold').fontSize(16).text(content.holderName, { align: 'center' });
    pdf.moveDown().font('regular').fontSize(11);
    pdf.text(
      `vykonával(a) dlouhodobou dobrovolnickou službu v období od ${czechDate(content.serviceFrom)} do ${czechDate(content.serviceTo)} ` +
        `v rozsahu ${czechHours(content.approvedHours)} schválených hodin. Činnosti: ${activities.map((activity) => activity.cs).join(', ')}.`,
    );
    pdf.moveDown(0.5);
    pdf.text(
      `served as a long-term volunteer from ${content.serviceFrom} to ${content.serviceTo}, ` +
        `${content.approvedHours} approved hours. Activities: ${activities.map((activity) => activity.en).join(', ')}.`,
    );
    pdf.moveDown(1.5);
    pdf.text(`Číslo osvědčení / Certificate number: ${content.certificateNo}`);
    pdf.text(`Ověřovací kód / Verification code: ${content.verificationCode}`);
    pdf.text(`Datum vydání / Issued on: ${czechDate(content.issuedOn)} (${content.issuedOn})`);
    pdf.text(`Pravidla / Policy: ${content.policyVersion}`);
    pdf.moveDown();
    pdf
      .fontSize(9)
      .text(
        'Pravost ověříte číslem a kódem bez přihlášení (verifyCertificate). / Verify by number and code without signing in (verifyCertificate).',
      );
    pdf.end();
  });
}
