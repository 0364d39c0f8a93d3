// The optional system services' rule for suites (see system-services.ts for finding them): present, the suite
// runs; absent on a developer's machine, skipped with a note; required (CI), absent fails the file.
import { describe, it } from 'vitest';
import type { SystemService } from './system-services.js';

export * from './system-services.js';

/** The note of the one skipped test that stands for a suite whose service is absent. */
export function skipNote(service: SystemService): string {
  return `skipped: ${service.missing}; enable with: ${service.enable}`;
}

/**
 * `describe(title, body)` when the service is there. When it is not: if it is required, an error (the file
 * fails); otherwise the body's tests are skipped (hooks included) and one skipped test says why and what to run.
 * Everything that needs the service, hooks too, belongs inside `body`.
 */
export function describeWithService(service: SystemService, title: string, body: () => void): void {
  if (service.location !== undefined) {
    describe(title, body);
    return;
  }
  if (service.requiredBy) {
    throw new Error(`${title} needs ${service.name}, required here (${service.requiredBy}), but there is ${service.missing}. Install it: ${service.enable}`);
  }
  describe.skip(title, body);
  describe(title, () => {
    it(`needs ${service.name}`, (context) => context.skip(skipNote(service)));
  });
}
