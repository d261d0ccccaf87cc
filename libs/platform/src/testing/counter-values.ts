import type { Metrics } from '../metrics';

/**
 * A counter's values keyed by its labels joined with a space (`RegisterClient OK` → 1), read from the registry
 * as a scrape would: specs assert what an operator would see, not how the counter was called.
 */
export async function counterValues(
  metrics: Metrics,
  name: string,
  labelNames: readonly string[],
): Promise<Record<string, number>> {
  const counter = metrics.registry.getSingleMetric(name);
  if (counter === undefined) throw new Error(`${name} is not registered`);
  const { values } = await counter.get();
  return Object.fromEntries(
    values.map(({ labels, value }) => [labelNames.map((label) => labels[label]).join(' '), value]),
  );
}
