// User ids leave the channel only as salted hashes: enough to count distinct people, not to find them.
import { createHash } from 'node:crypto';

export function hashUserId(salt: string, userId: string | undefined): string | null {
  if (!userId) return null;
  return createHash('sha256').update(salt).update('\u0000').update(userId).digest('hex').slice(0, 32);
}
