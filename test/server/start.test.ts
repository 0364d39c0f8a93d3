// What npm start runs — `npm run build` (as prestart does), then the command of package.json's start
// script — as its own process: says it runs without Bot Framework authentication when MicrosoftAppId is
// empty, serves, and on SIGTERM drains and exits 0. Nothing but its log lines reaches stderr: no warning of
// Node's (a newcomer reads "DeprecationWarning" as something broken).
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildForStart } from '../helpers/start-command.js';
import { lawsDir, repoRoot, tempDataDir } from './harness.js';

interface LogLine {
  level: number;
  msg: string;
  port?: number;
}

describe('npm start', () => {
  it('starts in local mode, serves, and exits cleanly on SIGTERM', async () => {
    const { nodeArgs, entry, scripts } = buildForStart();
    expect(scripts.prestart).toBe('npm run -s build');
    const child = spawn(process.execPath, [...nodeArgs, entry], {
      cwd: repoRoot,
      env: { ...process.env, PORT: '0', DATA_DIR: tempDataDir(), LAWS_DIR: lawsDir, LOG_LEVEL: 'info', MicrosoftAppId: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const lines: LogLine[] = [];
    const otherLines: string[] = [];
    let buffered = '';
    const listening = new Promise<number>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const parts = buffered.split('\n');
        buffered = parts.pop() ?? '';
        for (const part of parts) {
          if (!part.startsWith('{')) {
            otherLines.push(part);
            continue;
          }
          const line = JSON.parse(part) as LogLine;
          lines.push(line);
          if (line.msg === 'listening' && line.port) resolve(line.port);
        }
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    const port = await listening;
    expect(lines.some((l) => l.msg.includes('local mode') && l.msg.includes('WITHOUT authentication'))).toBe(true);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    // A kept-alive connection must not hold the exit up.
    expect(health.headers.get('connection')).not.toBe('close');

    child.kill('SIGTERM');
    const code = await exited;
    expect(code).toBe(0);
    expect(lines.map((l) => l.msg)).toContain('stopped cleanly');
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    expect(otherLines).toEqual([]);
  }, 180_000);
});
