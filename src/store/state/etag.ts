// What the state stores share: botbuilder's optimistic concurrency rule, said once.
import { randomUUID } from 'node:crypto';
import type { StoreItem } from 'botbuilder';

/** Thrown when an item was changed by someone else since it was read (the message botbuilder's stores use). */
export class ETagConflictError extends Error {
  override readonly name = 'ETagConflictError';
  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
  }
}

/** '*' or no eTag writes unconditionally (botbuilder's "force"); any other eTag must match the stored one. */
export function expectedETag(item: StoreItem): string | undefined {
  const tag: unknown = item.eTag;
  return typeof tag === 'string' && tag !== '' && tag !== '*' ? tag : undefined;
}

/** A fresh eTag, unique across processes and replicas. */
export const newETag = (): string => randomUUID();

/** The item as stored: its fields and the new eTag, as JSON. */
export function serialize(item: StoreItem, eTag: string): string {
  return JSON.stringify({ ...item, eTag });
}
