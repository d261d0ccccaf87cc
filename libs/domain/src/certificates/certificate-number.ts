/** Certificate numbers run per calendar year without gaps: `<PREFIX>-YYYY-NNNNN`. */
export const CERTIFICATE_NUMBER_PREFIX_PATTERN = /^[A-Z]{2,8}$/;
const CERTIFICATE_NUMBER = /^([A-Z]{2,8})-(\d{4})-(\d{5,})$/;

export const formatCertificateNumber = (prefix: string, year: number, sequence: number): string =>
  `${prefix}-${year}-${String(sequence).padStart(5, '0')}`;

export interface ParsedCertificateNumber {
  readonly prefix: string;
  readonly year: number;
  readonly sequence: number;
}

export function parseCertificateNumber(value: string): ParsedCertificateNumber | null {
  const match = CERTIFICATE_NUMBER.exec(value);
  if (!match) return null;
  const [, prefix, year, sequence] = match;
  const parsed = { prefix: prefix ?? '', year: Number(year), sequence: Number(sequence) };
  return parsed.sequence >= 1 && Number.isSafeInteger(parsed.sequence) ? parsed : null;
}

/** Stream of one year's numbers; its revision is the sequence minus one, so appending at an exact revision allocates. */
export const certificateNumbersStreamId = (year: number): string => `certificateNumbers-${year}`;
