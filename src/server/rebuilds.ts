// Every index rebuild the server starts goes through here: POST /admin/reindex, the knowledge watcher, and the
// staff console after a link or an undo. AnswerService.reindex shares one rebuild among concurrent callers, so a
// link written while a rebuild is already reading the files would be missed by it; here a request that arrives
// during a rebuild runs one more rebuild after it. Requests are numbered, so the console can wait for the rebuild
// that covers its link ("completed ≥ my generation") and then show the new answer.
import type { AnswerService } from '../answer/service.js';
import type { KnowledgeStats } from '../answer/service.js';
import type { Logger } from '../logger.js';

export interface RebuildStatus {
  state: 'idle' | 'rebuilding';
  /** Requests so far (the generation of the latest). */
  requested: number;
  /** The latest request that a finished rebuild covers. */
  completed: number;
  /** The latest request whose rebuild failed (the previous index kept serving), 0 when none did. */
  failed: number;
  indexBuiltAt: string;
  chunks: number;
}

interface Waiter {
  generation: number;
  resolve: (stats: KnowledgeStats) => void;
  reject: (error: unknown) => void;
}

export class IndexRebuilds {
  private requested = 0;
  private completed = 0;
  private failed = 0;
  private force = false;
  private running: Promise<void> | undefined;
  private waiters: Waiter[] = [];

  constructor(
    private readonly service: Pick<AnswerService, 'reindex' | 'stats'>,
    private readonly logger: Logger,
  ) {}

  /** Asks for a rebuild (in the background); returns its generation. */
  request(opts: { force?: boolean } = {}): number {
    this.requested++;
    this.force ||= !!opts.force;
    this.running ??= this.loop().finally(() => (this.running = undefined));
    return this.requested;
  }

  /** Asks for a rebuild and waits until one covering it has finished (rejects when it failed). */
  run(opts: { force?: boolean } = {}): Promise<KnowledgeStats> {
    const generation = this.request(opts);
    return new Promise((resolve, reject) => this.waiters.push({ generation, resolve, reject }));
  }

  status(): RebuildStatus {
    const stats = this.service.stats();
    return {
      state: this.running ? 'rebuilding' : 'idle',
      requested: this.requested,
      completed: this.completed,
      failed: this.failed,
      indexBuiltAt: stats.indexBuiltAt,
      chunks: stats.chunks,
    };
  }

  private async loop(): Promise<void> {
    while (this.completed < this.requested && this.failed < this.requested) {
      const covers = this.requested;
      const force = this.force;
      this.force = false;
      try {
        const stats = await this.service.reindex({ force });
        this.completed = covers;
        this.settle(covers, (w) => w.resolve(stats));
        this.logger.info({ generation: covers, chunks: stats.chunks, indexBuiltAt: stats.indexBuiltAt }, 'index rebuilt: the new index is serving');
      } catch (error) {
        this.failed = covers;
        this.settle(covers, (w) => w.reject(error));
        this.logger.error({ err: error, generation: covers }, 'index rebuild failed: the previous index keeps serving');
      }
    }
  }

  private settle(upTo: number, done: (w: Waiter) => void): void {
    const ready = this.waiters.filter((w) => w.generation <= upTo);
    this.waiters = this.waiters.filter((w) => w.generation > upTo);
    for (const w of ready) done(w);
  }
}
