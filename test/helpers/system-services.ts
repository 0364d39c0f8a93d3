// System services that some suites need and Node alone does not bring: Chromium, redis-server.
// Present: the suite runs. Absent on a developer's machine: its tests are skipped, and one skipped test carries
// a note, which vitest's default reporter prints on its own line under the file:
//    ↓ the widget in headless Chromium > needs Chromium [skipped: no chromium on PATH; enable with: apt-get install -y chromium]
// Required (CI set, as .ci/run and CI services do, or REQUIRE_BROWSER=1 / REQUIRE_REDIS=1): absent is an error
// that fails the file. CI never skips.
// Finding them needs no vitest (bench:load starts redis through test/reliability/processes.ts under plain tsx);
// the suites' describeWithService is in services.ts.
import fs from 'node:fs';
import path from 'node:path';

export interface SystemService {
  name: string;
  /** Where it was found (an executable, a URL); undefined when it is absent. */
  location: string | undefined;
  /** What is missing when it is absent, said plainly. */
  missing: string;
  /** The command that brings it (Debian's packages, as .ci/run installs them). */
  enable: string;
  /** Why a missing service fails instead of skipping ("CI=true", "REQUIRE_REDIS=1"); undefined when optional. */
  requiredBy: string | undefined;
}

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, command);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

const isSet = (value: string | undefined) => value !== undefined && value !== '' && value !== '0' && value !== 'false';

/** "REQUIRE_X=1" or "CI=true" when a missing service must fail the run; undefined when it may be skipped. */
export function requiredBy(variable: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (isSet(env[variable])) return `${variable}=${env[variable]}`;
  if (isSet(env.CI)) return `CI=${env.CI}`;
  return undefined;
}

export const chromium: SystemService = {
  name: 'Chromium',
  location: onPath('chromium'),
  missing: 'no chromium on PATH',
  enable: 'apt-get install -y chromium',
  requiredBy: requiredBy('REQUIRE_BROWSER'),
};

/** REDIS_TEST_URL names a running Redis; otherwise the tests start a private redis-server of their own. */
export const redis: SystemService = {
  name: 'redis-server',
  location: process.env.REDIS_TEST_URL || onPath('redis-server'),
  missing: 'no redis-server on PATH and no REDIS_TEST_URL',
  enable: 'apt-get install -y redis-server',
  requiredBy: requiredBy('REQUIRE_REDIS'),
};
