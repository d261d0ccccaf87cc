import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderCertificatePdf, type CertificatePdfContent } from './certificate-pdf';

const content: CertificatePdfContent = {
  programName: 'Průvodce',
  accreditation: 'MV-12345-6/VS-2025',
  holderName: 'Řehoř Žlutý',
  certificateNo: 'PRV-2026-00042',
  verificationCode: 'ABCDE-FGHJK',
  policyVersion: '2025-1',
  serviceFrom: '2025-08-10',
  serviceTo: '2026-03-10',
  approvedHours: 40.25,
  activities: ['CZECH_PRACTICE', 'LEISURE'],
  issuedOn: '2026-03-10',
  revoked: false,
};

function extractText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'certificate-pdf-'));
  try {
    const file = join(dir, 'certificate.pdf');
    writeFileSync(file, pdf);
    return execFileSync(
      process.execPath,
      ['-r', './infra/register.js', join(__dirname, 'extract-pdf-text.fixture.ts'), file],
      {
        cwd: join(__dirname, '../../../../..'),
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('certificate PDF', () => {
  it('given a certificate, when rendered, then its text holds the name with diacritics, the hours and the period in both languages', async () => {
    const pdf = await renderCertificatePdf(content);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = extractText(pdf).replace(/\s+/g, ' ');
    expect(text).toContain('Řehoř Žlutý');
    expect(text).toContain('Osvědčení o dlouhodobé dobrovolnické službě');
    expect(text).toContain('Certificate of Long-term Volunteer Service');
    expect(text).toContain('od 10. 8. 2025 do 10. 3. 2026');
    expect(text).toContain('40,25 schválených hodin');
    expect(text).toContain('from 2025-08-10 to 2026-03-10');
    expect(text).toContain('40.25 approved hours');
    expect(text).toContain('procvičování češtiny');
    expect(text).toContain('PRV-2026-00042');
    expect(text).toContain('MV-12345-6/VS-2025');
    expect(text).not.toContain('REVOKED');
  });

  it('given a revoked certificate, when rendered, then it says so', async () => {
    const text = extractText(await renderCertificatePdf({ ...content, revoked: true }));
    expect(text).toContain('ZRUŠENO / REVOKED');
  });
});
