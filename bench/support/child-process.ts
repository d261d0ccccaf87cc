import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * Runs `module` (a benchmark file run again, as its own seeding child) in a new Node process through the
 * project's loader, with `env` added, and returns the last line it printed. Seeding apart keeps its heap out
 * of the peak RSS a benchmark reports; the child's stderr goes straight to ours, for its progress lines.
 */
export async function lastLineOfChild(
  module: string,
  env: Readonly<Record<string, string>>,
): Promise<string> {
  const child = spawn(process.execPath, ['-r', join(__dirname, '..', '..', 'infra', 'register.js'), module], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`child ${module} exited with ${code}`);
  return output.trim().split('\n').at(-1) ?? '';
}
