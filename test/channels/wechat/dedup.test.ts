import { describe, expect, it } from 'vitest';
import { DeliveryRegistry } from '../../../src/channels/wechat/dedup.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('DeliveryRegistry', () => {
  it('runs one turn for concurrent deliveries of a key and gives each the same reply', async () => {
    const registry = new DeliveryRegistry();
    let runs = 0;
    const answer = async () => {
      runs++;
      await sleep(50);
      return `reply ${runs}`;
    };
    const late: string[] = [];
    const replies = await Promise.all([1, 2, 3].map(() => registry.reply('msg:1', answer, 1000, (t) => late.push(t))));
    expect(replies).toEqual(['reply 1', 'reply 1', 'reply 1']);
    expect(await registry.reply('msg:1', answer, 1000, (t) => late.push(t))).toBe('reply 1');
    expect(runs).toBe(1);
    expect(registry.turnsStarted).toBe(1);
    expect(late).toEqual([]);
    expect(await registry.reply('msg:2', answer, 1000, () => undefined)).toBe('reply 2');
  });

  it('defers a late answer: "success" to every delivery, and the text handed over exactly once', async () => {
    const registry = new DeliveryRegistry();
    const late: string[] = [];
    const answer = async () => {
      await sleep(150);
      return 'slow answer';
    };
    const first = registry.reply('msg:slow', answer, 50, (t) => late.push(t));
    await sleep(20);
    const retryDuring = registry.reply('msg:slow', answer, 500, (t) => late.push(t));
    expect(await first).toBeUndefined();
    expect(await retryDuring).toBeUndefined();
    await sleep(200);
    expect(late).toEqual(['slow answer']);
    expect(await registry.reply('msg:slow', answer, 50, (t) => late.push(t))).toBeUndefined();
    expect(late).toEqual(['slow answer']);
  });

  it('turns a failing answer into no reply instead of a rejection', async () => {
    const registry = new DeliveryRegistry();
    await expect(registry.reply('k', () => Promise.reject(new Error('boom')), 100, () => undefined)).resolves.toBe('');
  });

  it('forgets a delivery after its time to live', async () => {
    const registry = new DeliveryRegistry({ ttlMs: 30 });
    let runs = 0;
    const answer = async () => `run ${++runs}`;
    expect(await registry.reply('k', answer, 100, () => undefined)).toBe('run 1');
    await sleep(50);
    expect(await registry.reply('k', answer, 100, () => undefined)).toBe('run 2');
  });
});
