// Rebuild requests that arrive during a rebuild get a rebuild of their own after it (a link written while the
// files were being read must not be missed); requests are numbered so a caller can wait for the one covering it.
import { describe, expect, it } from 'vitest';
import type { KnowledgeStats } from '../../src/answer/service.js';
import { silentLogger } from '../../src/logger.js';
import { IndexRebuilds } from '../../src/server/rebuilds.js';

function fakeService() {
  const calls: { force: boolean; finish: (ok: boolean) => void }[] = [];
  let builtAt = 0;
  const stats = (): KnowledgeStats => ({ documents: 1, chunks: 1, reportYears: [], regulations: [], catalogueOnly: [], indexBuiltAt: String(builtAt) });
  return {
    calls,
    service: {
      stats,
      reindex: (o: { force?: boolean } = {}) =>
        new Promise<KnowledgeStats>((resolve, reject) =>
          calls.push({ force: !!o.force, finish: (ok) => (ok ? (builtAt++, resolve(stats())) : reject(new Error('disk full'))) }),
        ),
    },
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('IndexRebuilds', () => {
  it('runs one more rebuild for requests made during a rebuild, and numbers them', async () => {
    const { calls, service } = fakeService();
    const rebuilds = new IndexRebuilds(service, silentLogger);
    expect(rebuilds.request()).toBe(1);
    expect(rebuilds.status()).toMatchObject({ state: 'rebuilding', requested: 1, completed: 0 });
    expect(rebuilds.request()).toBe(2);
    const third = rebuilds.run({ force: true });
    expect(calls).toHaveLength(1);
    calls[0]!.finish(true);
    await tick();
    expect(rebuilds.status()).toMatchObject({ requested: 3, completed: 1 });
    // Requests 2 and 3 arrived during the first: one rebuild covers both, with force since one asked for it.
    expect(calls).toHaveLength(2);
    expect(calls[1]!.force).toBe(true);
    calls[1]!.finish(true);
    await expect(third).resolves.toMatchObject({ indexBuiltAt: '2' });
    expect(rebuilds.status()).toMatchObject({ state: 'idle', requested: 3, completed: 3, failed: 0, indexBuiltAt: '2' });
  });

  it('reports a failed rebuild to its waiters and goes on with later requests', async () => {
    const { calls, service } = fakeService();
    const rebuilds = new IndexRebuilds(service, silentLogger);
    const first = rebuilds.run();
    calls[0]!.finish(false);
    await expect(first).rejects.toThrow('disk full');
    expect(rebuilds.status()).toMatchObject({ state: 'idle', requested: 1, completed: 0, failed: 1 });
    const second = rebuilds.run();
    calls[1]!.finish(true);
    await expect(second).resolves.toBeDefined();
    expect(rebuilds.status()).toMatchObject({ completed: 2, failed: 1 });
  });
});
