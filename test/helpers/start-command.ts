// What `npm start` runs, read from package.json: the start test and the benchmarks run exactly that.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths.js';

export interface StartCommand {
  /** Options given to node before the entry. */
  nodeArgs: string[];
  /** The entry file, relative to the repo. */
  entry: string;
  /** The package.json scripts, for checks on what runs before start. */
  scripts: Record<string, string>;
}

export function npmStartCommand(): StartCommand {
  const { scripts } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [node, ...args] = (scripts.start ?? '').split(/\s+/);
  const entry = args.pop();
  if (node !== 'node' || !entry) throw new Error(`npm start is not "node [options] <entry>": ${scripts.start}`);
  return { nodeArgs: args, entry, scripts };
}

/** As npm start does it: the build (its prestart script), then its command — for the start test and benchmarks. */
export function buildForStart(): StartCommand {
  execFileSync('npm', ['run', '-s', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  return npmStartCommand();
}
