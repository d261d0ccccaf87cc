import {
  DEFAULT_CERTIFICATE_POLICY,
  certificatePolicyProblems,
  type CertificatePolicy,
} from '@app/domain/certificates';
import { ConfigError, type CertificateConfig } from '@app/platform';

const VARIABLE_OF: Readonly<Record<keyof CertificatePolicy, string>> = {
  version: 'CERTIFICATE_POLICY_VERSION',
  minServiceMonths: 'CERTIFICATE_MIN_SERVICE_MONTHS',
  minApprovedHours: 'CERTIFICATE_MIN_HOURS',
  minSupervisions: 'CERTIFICATE_MIN_SUPERVISIONS',
  requireIntroductoryCourse: 'CERTIFICATE_POLICY_VERSION',
  requireAgreementInForce: 'CERTIFICATE_POLICY_VERSION',
};

/** The policy in force, validated as a whole at start: a bad policy stops the process naming the variable. */
export function certificatePolicyFrom(config: CertificateConfig): CertificatePolicy {
  const policy: CertificatePolicy = { ...DEFAULT_CERTIFICATE_POLICY, ...config.policy };
  const problem = certificatePolicyProblems(policy)[0];
  if (problem !== undefined) throw new ConfigError(VARIABLE_OF[problem.field], problem.reason);
  const changed =
    policy.minServiceMonths !== DEFAULT_CERTIFICATE_POLICY.minServiceMonths ||
    policy.minApprovedHours !== DEFAULT_CERTIFICATE_POLICY.minApprovedHours ||
    policy.minSupervisions !== DEFAULT_CERTIFICATE_POLICY.minSupervisions;
  // Certificates are unique per policy version: different rules under the default's name would blur that.
  if (changed && policy.version === DEFAULT_CERTIFICATE_POLICY.version)
    throw new ConfigError(
      'CERTIFICATE_POLICY_VERSION',
      `the policy differs from the default ${DEFAULT_CERTIFICATE_POLICY.version}; give it a version of its own`,
    );
  return policy;
}
