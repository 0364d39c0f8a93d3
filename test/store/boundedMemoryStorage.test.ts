// The default conversation store: bounded by count (LRU) and idle time, eTags honoured, and usable by
// botbuilder's ConversationState as is.
import { ConversationState, TestAdapter, TurnContext } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { BoundedMemoryStorage, ETagConflictError } from '../../src/store/boundedMemoryStorage.js';

describe('BoundedMemoryStorage', () => {
  it('forgets the least recently used conversation beyond its size', async () => {
    const storage = new BoundedMemoryStorage({ maxItems: 2 });
    await storage.write({ a: { n: 1 }, b: { n: 2 } });
    await storage.read(['a']); // a is now the most recent
    await storage.write({ c: { n: 3 } });
    const found = await storage.read(['a', 'b', 'c']);
    expect(Object.keys(found).sort()).toEqual(['a', 'c']);
    expect(storage.size).toBe(2);
  });

  it('forgets a conversation idle longer than the limit', async () => {
    let now = 0;
    const storage = new BoundedMemoryStorage({ idleMs: 1000, now: () => now });
    await storage.write({ a: { n: 1 } });
    now = 900;
    expect(await storage.read(['a'])).toHaveProperty('a');
    now = 1800; // 900 ms after the read: still fresh
    expect(await storage.read(['a'])).toHaveProperty('a');
    now = 3000;
    expect(await storage.read(['a'])).toEqual({});
  });

  it('refuses a write with a stale eTag and accepts "*"', async () => {
    const storage = new BoundedMemoryStorage();
    await storage.write({ a: { n: 1 } });
    const { a } = await storage.read(['a']);
    await storage.write({ a: { ...a, n: 2 } });
    await expect(storage.write({ a: { ...a, n: 3 } })).rejects.toBeInstanceOf(ETagConflictError);
    await storage.write({ a: { n: 4, eTag: '*' } });
    expect((await storage.read(['a'])).a).toMatchObject({ n: 4 });
  });

  it('returns copies, so a turn cannot change stored state without writing', async () => {
    const storage = new BoundedMemoryStorage();
    await storage.write({ a: { list: [1] } });
    const first = await storage.read(['a']);
    (first.a as { list: number[] }).list.push(2);
    expect((await storage.read(['a'])).a).toMatchObject({ list: [1] });
  });

  it('serves ConversationState', async () => {
    const storage = new BoundedMemoryStorage();
    const state = new ConversationState(storage);
    const counter = state.createProperty<number>('count');
    const adapter = new TestAdapter(async (context: TurnContext) => {
      const n = (await counter.get(context, 0)) + 1;
      await counter.set(context, n);
      await state.saveChanges(context);
      await context.sendActivity(`turn ${n}`);
    });
    await adapter.send('one').assertReply('turn 1').send('two').assertReply('turn 2');
  });
});
