// Real server processes for the tests that need more than one (Redis replicas, SIGTERM, kill -9): `npm start`'s
// entry under tsx (tests run the current source), or as npm start runs it (benchmarks, after a build), PORT=0,
// the port read from the 'listening' log line. Also a private redis-server.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { repoRoot } from '../helpers/paths.js';
import { freePort } from '../helpers/ports.js';
import { redis as redisService } from '../helpers/system-services.js';
import { npmStartCommand } from '../helpers/start-command.js';

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  logs: Array<Record<string, unknown>>;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

function collectLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let buffer = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffer += chunk;
    let i: number;
    while ((i = buffer.indexOf('\n')) !== -1) {
      onLine(buffer.slice(0, i));
      buffer = buffer.slice(i + 1);
    }
  });
}

function startArgs(): string[] {
  const { nodeArgs, entry } = npmStartCommand();
  return [...nodeArgs, path.join(repoRoot, entry)];
}

export interface StartOptions {
  timeoutMs?: number;
  /** Run npm start's command (compiled dist/, which the caller has built) instead of src/ under tsx. */
  compiled?: boolean;
}

/** Starts the server with the given environment (on top of this one) and waits for it to listen. */
export async function startServerProcess(env: Record<string, string>, options: StartOptions = {}): Promise<ServerProcess> {
  const { timeoutMs = 90_000, compiled = false } = options;
  const args = compiled ? startArgs() : ['--import', 'tsx', path.join(repoRoot, 'src/index.ts')];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Never leave a server behind: a start that times out ends its process.
      child.kill('SIGKILL');
      reject(new Error('server process did not start in time (its log must reach info for the "listening" line)'));
    }, timeoutMs);
    collectLines(child.stderr!, (line) => {
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(line) as Record<string, unknown>;
      } catch {
        record = { raw: line };
      }
      logs.push(record);
      if (record.msg === 'listening' && typeof record.port === 'number') {
        clearTimeout(timer);
        resolve(record.port);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server process exited (${code}) before listening: ${JSON.stringify(logs.slice(-3))}`));
    });
  });
  return {
    child,
    baseUrl: `http://127.0.0.1:${port}`,
    logs,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

/**
 * Redis for the state tests: REDIS_TEST_URL when set, else a private redis-server on a free port. Suites call
 * this inside describeWithService(redis, …), which skips them (or, in CI, fails) when neither is there.
 */
export async function testRedis(): Promise<TestRedis> {
  const given = process.env.REDIS_TEST_URL;
  if (given) return { url: given, stop: async () => undefined };
  if (!redisService.location) throw new Error(`${redisService.missing}; install it: ${redisService.enable}`);
  const port = await freePort();
  const child = spawn(redisService.location, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  const until = Date.now() + 10_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (up) break;
    if (Date.now() > until) throw new Error('redis-server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Runs `npm run ingest`'s entry with the given environment; resolves with its exit code and stderr. */
export function startIngest(env: Record<string, string>, args: string[] = []): { child: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli/ingest.ts'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, done };
}
