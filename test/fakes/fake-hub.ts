// A fake model hub on loopback: the file layout transformers.js downloads from
// (GET /{owner}/{name}/resolve/{revision}/{file}), serving the files of local folders. Every request is recorded.
import fs from 'node:fs';
import path from 'node:path';
import { startServer, type FakeServer } from './http.js';

export interface FakeHub extends FakeServer {
  /** The files asked for, as "owner/name/file". */
  downloads(): string[];
}

/** `repos` maps a hub id ("Standin/bge-small-zh-v1.5") to the folder whose files it serves. */
export async function startFakeHub(repos: Record<string, string>): Promise<FakeHub> {
  const server = await startServer(async (request, res) => {
    const m = /^\/([^/]+\/[^/]+)\/resolve\/[^/]+\/(.+)$/.exec(decodeURIComponent(request.path));
    const folder = m ? repos[m[1]!] : undefined;
    const file = folder && m ? path.join(folder, m[2]!) : undefined;
    if (!file || !file.startsWith(folder!) || !fs.existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Entry not found');
      return;
    }
    const body = fs.readFileSync(file);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
    res.end(body);
  }, '');
  return {
    ...server,
    downloads: () => server.requests.map((r) => decodeURIComponent(r.path).replace('/resolve/main/', '/').replace(/^\//, '')),
  };
}
