/**
 * The Certificate of Long-term Volunteer Service is granted by a versioned policy. The version is written on
 * every certificate, and a volunteer receives at most one certificate per policy version: changing any
 * parameter therefore means naming a new version (otherwise certificates issued under different rules would
 * claim the same policy).
 */
export interface CertificatePolicy {
  readonly version: string;
  /** Whole calendar months from the first approved meeting to the evaluation day. */
  readonly minServiceMonths: number;
  /** Approved hours, in quarter-hour steps. */
  readonly minApprovedHours: number;
  readonly minSupervisions: number;
  readonly requireIntroductoryCourse: boolean;
  readonly requireAgreementInForce: boolean;
}

/** domain.md: six months since the first approved meeting, 40 approved hours, course, two supervisions, agreement. */
export const DEFAULT_CERTIFICATE_POLICY: CertificatePolicy = {
  version: '2025-1',
  minServiceMonths: 6,
  minApprovedHours: 40,
  minSupervisions: 2,
  requireIntroductoryCourse: true,
  requireAgreementInForce: true,
};

/** Act 198/2002 calls service "long-term" only beyond three months. */
export const LONG_TERM_SERVICE_MIN_MONTHS = 4;

const POLICY_VERSION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;

export interface CertificatePolicyProblem {
  /** The policy field at fault; configuration maps it to its variable. */
  readonly field: keyof CertificatePolicy;
  readonly reason: string;
}

/** Every problem of a policy (empty when valid); checked once at start so that a bad policy never issues anything. */
export function certificatePolicyProblems(policy: CertificatePolicy): CertificatePolicyProblem[] {
  const problems: CertificatePolicyProblem[] = [];
  if (!POLICY_VERSION.test(policy.version))
    problems.push({ field: 'version', reason: 'expected 1-32 letters, digits, dots, dashes or underscores' });
  if (
    !Number.isInteger(policy.minServiceMonths) ||
    policy.minServiceMonths < LONG_TERM_SERVICE_MIN_MONTHS ||
    policy.minServiceMonths > 120
  )
    problems.push({
      field: 'minServiceMonths',
      reason: `expected whole months from ${LONG_TERM_SERVICE_MIN_MONTHS} (long-term service) to 120`,
    });
  if (
    !Number.isFinite(policy.minApprovedHours) ||
    policy.minApprovedHours <= 0 ||
    policy.minApprovedHours > 10_000 ||
    !Number.isInteger(policy.minApprovedHours * 4)
  )
    problems.push({ field: 'minApprovedHours', reason: 'expected hours above 0 in quarter-hour steps' });
  if (!Number.isInteger(policy.minSupervisions) || policy.minSupervisions < 0 || policy.minSupervisions > 100)
    problems.push({ field: 'minSupervisions', reason: 'expected a whole number from 0 to 100' });
  return problems;
}
