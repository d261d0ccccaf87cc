import { planProgram } from './program-planner';
const t = Date.now();
const plan = planProgram({ seed: 1, scale: Number(process.argv[2] ?? 1), today: '2026-11-26' });
const verbs = new Map<string, number>();
for (const day of plan.days)
  for (const chain of day.chains) for (const op of chain) verbs.set(op.verb, (verbs.get(op.verb) ?? 0) + 1);
console.log(plan.counts, plan.operations, plan.days.length, plan.firstDay, Date.now() - t, 'ms');
console.log([...verbs].sort());
