// Sessions expire, carry a CSRF token and a hashed staff identity; failed sign-ins are limited per client.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ConsoleSessions, sessionCookie, SignInLimiter, SESSION_COOKIE } from '../../../src/server/console/session.js';
import { hashUserId } from '../../../src/store/userHash.js';

const request = (cookie?: string) => ({ headers: cookie ? { cookie } : {} }) as IncomingMessage;

describe('ConsoleSessions', () => {
  it('finds a session by its cookie until it expires', () => {
    let now = 1_000;
    const sessions = new ConsoleSessions('salt', () => now, 60_000);
    const { cookie, session } = sessions.create('张三');
    expect(sessions.fromRequest(request(`other=1; ${SESSION_COOKIE}=${cookie}`))).toBe(session);
    expect(sessions.fromRequest(request(`${SESSION_COOKIE}=${cookie}x`))).toBeUndefined();
    expect(sessions.fromRequest(request())).toBeUndefined();
    now += 60_000;
    expect(sessions.fromRequest(request(`${SESSION_COOKIE}=${cookie}`))).toBeUndefined();
  });

  it('stores the staff name only as a salted hash; without a name, the identity is the session', () => {
    const sessions = new ConsoleSessions('salt');
    const named = sessions.create(' 张三 ').session;
    expect(named.staffHash).toBe(hashUserId('salt', 'staff:张三'));
    expect(sessions.create('张三').session.staffHash).toBe(named.staffHash);
    const a = sessions.create(undefined).session;
    const b = sessions.create('').session;
    expect(a.staffHash).not.toBe(b.staffHash);
    expect(a.staffHash).toMatch(/^[0-9a-f]{32}$/);
  });

  it('checks the CSRF token exactly', () => {
    const sessions = new ConsoleSessions('salt');
    const { session } = sessions.create(undefined);
    expect(sessions.csrfMatches(session, session.csrf)).toBe(true);
    for (const forged of [undefined, '', session.csrf.slice(1), `${session.csrf}x`, [session.csrf]]) expect(sessions.csrfMatches(session, forged)).toBe(false);
  });

  it('ends a session on sign-out', () => {
    const sessions = new ConsoleSessions('salt');
    const { cookie } = sessions.create(undefined);
    sessions.end(request(`${SESSION_COOKIE}=${cookie}`));
    expect(sessions.fromRequest(request(`${SESSION_COOKIE}=${cookie}`))).toBeUndefined();
  });
});

describe('sessionCookie', () => {
  it('is HttpOnly, SameSite=Strict, scoped to /admin, with an expiry; Secure over https', () => {
    expect(sessionCookie('v', 28_800, false)).toBe(`${SESSION_COOKIE}=v; Path=/admin; Max-Age=28800; HttpOnly; SameSite=Strict`);
    expect(sessionCookie('v', 28_800, true)).toMatch(/; Secure$/);
  });
});

describe('SignInLimiter', () => {
  it('refuses a client after 5 failures in 10 minutes, until the oldest leaves the window; others are not affected', () => {
    let now = 0;
    const limiter = new SignInLimiter(5, 600_000, () => now);
    for (let i = 0; i < 5; i++) {
      expect(limiter.check('a').allowed).toBe(true);
      limiter.fail('a');
      now += 1_000;
    }
    expect(limiter.check('a')).toEqual({ allowed: false, retryAfterSeconds: 595 });
    expect(limiter.check('b').allowed).toBe(true);
    now = 600_001;
    expect(limiter.check('a').allowed).toBe(true);
  });
});
