import type { Principal, Region } from '@app/platform';
import { notFound } from '../platform/commands/command-errors';

/** Coordinators see their regions only; auditors and admins see all. */
export const canSeeRegion = (principal: Principal, region: string): boolean =>
  principal.role !== 'COORDINATOR' || principal.regions.includes(region as Region);

/** A record outside the caller's regions answers exactly as one that does not exist. */
export function assertVisible<T extends { region: string } | { regions: readonly string[] }>(
  principal: Principal,
  record: T | null,
  what: string,
): T {
  if (record === null) throw notFound(what);
  const regions = 'region' in record ? [record.region] : record.regions;
  if (!regions.some((region) => canSeeRegion(principal, region))) throw notFound(what);
  return record;
}

/** The regions a list query may return for this caller, narrowed by the filter the caller asked for. */
export function visibleRegions(principal: Principal, requested?: readonly string[] | null): string[] | null {
  const own = principal.role === 'COORDINATOR' ? [...principal.regions] : null;
  if (requested === undefined || requested === null || requested.length === 0) return own;
  return own === null ? [...requested] : requested.filter((region) => own.includes(region as Region));
}
