// What the console's routes share: their dependencies, and the staff session the gate attached to a request.
import type { Request } from 'restify';
import type { AnswerService } from '../../answer/service.js';
import { HttpError } from '../../http/json.js';
import type { Logger } from '../../logger.js';
import type { ConsoleStore } from '../../store/consoleStore.js';
import type { IndexRebuilds } from '../rebuilds.js';
import type { StaffSession } from './session.js';

export const CONSOLE_BODY_LIMIT = 16 * 1024;

export interface ConsoleDeps {
  adminToken: string;
  hashSalt: string;
  trustProxy: boolean;
  knowledgeDir: string;
  /** The answering core (not the counting, caching wrapper): staff searches and tries are not residents' questions. */
  core: AnswerService;
  store: ConsoleStore;
  rebuilds: IndexRebuilds;
  webDir: string;
  logger: Logger;
  now?: () => number;
}

const sessions = new WeakMap<Request, StaffSession>();

export function attachSession(req: Request, session: StaffSession): void {
  sessions.set(req, session);
}

/** The signed-in staff member of a request that passed the gate. */
export function sessionOf(req: Request): StaffSession {
  const s = sessions.get(req);
  // The gate runs before every /admin/api/ route: a route without a session is a wiring mistake.
  if (!s) throw new HttpError(401, 'unauthorized', '请先登录。');
  return s;
}
