// The rule of the optional system services: skipped with a note on a developer's machine, never in CI.
import { describe, expect, it } from 'vitest';
import { describeWithService, requiredBy, skipNote, type SystemService } from './services.js';

const absent: SystemService = { name: 'chromium', location: undefined, missing: 'no chromium on PATH', enable: 'apt-get install -y chromium', requiredBy: undefined };

describe('optional system services', () => {
  it.each([
    [{}, undefined],
    [{ CI: 'true' }, 'CI=true'],
    [{ CI: '1' }, 'CI=1'],
    [{ CI: 'false' }, undefined],
    [{ CI: '' }, undefined],
    [{ REQUIRE_BROWSER: '1' }, 'REQUIRE_BROWSER=1'],
    [{ REQUIRE_BROWSER: '0' }, undefined],
    [{ REQUIRE_REDIS: '1' }, undefined],
    [{ REQUIRE_BROWSER: '1', CI: 'true' }, 'REQUIRE_BROWSER=1'],
  ])('with %j the browser is required by %s', (env, expected) => {
    expect(requiredBy('REQUIRE_BROWSER', env)).toBe(expected);
  });

  it('fails the file when a required service is missing (CI never skips)', () => {
    expect(() => describeWithService({ ...absent, requiredBy: 'CI=true' }, 'widget', () => undefined)).toThrow(
      'widget needs chromium, required here (CI=true), but there is no chromium on PATH. Install it: apt-get install -y chromium',
    );
  });

  it('says what is missing and the command that brings it when it skips', () => {
    expect(skipNote(absent)).toBe('skipped: no chromium on PATH; enable with: apt-get install -y chromium');
  });
});
