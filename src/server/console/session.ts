// Staff console sign-in: ADMIN_TOKEN is exchanged for a session (an HttpOnly, SameSite=Strict cookie with an
// expiry) and a CSRF token the page sends back in a header on every state-changing request. Sessions live in this
// process's memory: a restart signs staff out, which is the safe side; with several replicas, pin /admin to one
// (docs/deployment.md). Staff identity: the sign-in may carry a name; only its salted hash is ever stored (audit
// log, link lines). Without a name the identity is the session's own (a salted hash of its id).
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { hashUserId } from '../../store/userHash.js';
import { secretMatches } from '../admin.js';

export const SESSION_COOKIE = 'qd_console';
export const CSRF_HEADER = 'x-csrf-token';
/** A working day: then sign in again. */
export const SESSION_TTL_MS = 8 * 3_600_000;
const MAX_SESSIONS = 1_000;

export interface StaffSession {
  csrf: string;
  /** Salted hash of the staff name (or of the session): what audit lines and link lines carry. */
  staffHash: string;
  /** The name as typed, kept in memory for the page's greeting only; never stored. */
  staffName: string | undefined;
  expiresAt: number;
}

const digest = (s: string) => createHash('sha256').update(s).digest('base64url');

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export class ConsoleSessions {
  /** Keyed by a digest of the cookie value, so memory never holds a usable cookie. */
  private readonly sessions = new Map<string, StaffSession>();

  constructor(
    private readonly hashSalt: string,
    private readonly now: () => number = Date.now,
    readonly ttlMs = SESSION_TTL_MS,
  ) {}

  /** A new session; returns the cookie value (sent once, in Set-Cookie) and the session. */
  create(name: string | undefined): { cookie: string; session: StaffSession } {
    this.prune();
    const cookie = randomBytes(32).toString('base64url');
    const staffName = name?.trim() || undefined;
    const session: StaffSession = {
      csrf: randomBytes(24).toString('base64url'),
      staffHash: hashUserId(this.hashSalt, staffName ? `staff:${staffName}` : `session:${cookie}`)!,
      staffName,
      expiresAt: this.now() + this.ttlMs,
    };
    this.sessions.set(digest(cookie), session);
    // Oldest first: past the cap, the oldest sessions go.
    for (const key of this.sessions.keys()) {
      if (this.sessions.size <= MAX_SESSIONS) break;
      this.sessions.delete(key);
    }
    return { cookie, session };
  }

  /** The live session the request's cookie names, or undefined. */
  fromRequest(req: IncomingMessage): StaffSession | undefined {
    const cookie = cookieValue(req.headers.cookie, SESSION_COOKIE);
    if (!cookie) return undefined;
    const key = digest(cookie);
    const session = this.sessions.get(key);
    if (!session) return undefined;
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(key);
      return undefined;
    }
    return session;
  }

  end(req: IncomingMessage): void {
    const cookie = cookieValue(req.headers.cookie, SESSION_COOKIE);
    if (cookie) this.sessions.delete(digest(cookie));
  }

  csrfMatches(session: StaffSession, header: string | string[] | undefined): boolean {
    return typeof header === 'string' && secretMatches(header, session.csrf);
  }

  private prune(): void {
    const now = this.now();
    for (const [key, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(key);
  }
}

/** The Set-Cookie value: HttpOnly, SameSite=Strict, scoped to /admin, with Max-Age; Secure when served over https. */
export function sessionCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return [`${SESSION_COOKIE}=${value}`, 'Path=/admin', `Max-Age=${maxAgeSeconds}`, 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])].join('; ');
}

export interface SignInDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

/**
 * Failed sign-ins per client (its address): after `maxFailures` within `windowMs`, every attempt from it — right
 * token or not — is answered 429 until the oldest failure leaves the window. A success does not wipe the count.
 */
export class SignInLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 5,
    private readonly windowMs = 10 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  check(client: string): SignInDecision {
    const recent = this.recent(client);
    if (recent.length < this.maxFailures) return { allowed: true, retryAfterSeconds: 0 };
    const freeAt = recent[recent.length - this.maxFailures]! + this.windowMs;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((freeAt - this.now()) / 1000)) };
  }

  fail(client: string): void {
    const recent = this.recent(client);
    recent.push(this.now());
    this.failures.delete(client);
    this.failures.set(client, recent.slice(-this.maxFailures));
    // A spray of addresses cannot grow memory without bound: the longest-quiet clients go first.
    for (const key of this.failures.keys()) {
      if (this.failures.size <= 10_000) break;
      this.failures.delete(key);
    }
  }

  private recent(client: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.failures.get(client) ?? []).filter((t) => t > since);
  }
}
