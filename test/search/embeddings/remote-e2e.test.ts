// Remote embedding models keep working end to end: bge-m3 through (fake) Ollama, and through an
// OpenAI-compatible server as TEI and Xinference expose it — index build, manifest, and a question
// answered over the real knowledge, the question's vector fetched from the server.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../src/answer/answer-question.js';
import type { IndexManifest } from '../../../src/search/manifest.js';
import { startFakeOllama } from '../../fakes/fake-ollama.js';
import { startFakeOpenAI } from '../../fakes/fake-openai.js';
import type { FakeServer, RecordedRequest } from '../../fakes/http.js';
import { realCore } from '../../helpers/core.js';

const servers: FakeServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const question = '占用消防车通道会受到什么处罚';
const inputs = (requests: RecordedRequest[]) => requests.flatMap((r) => (Array.isArray(r.body.input) ? (r.body.input as string[]) : [String(r.body.input)]));

describe('remote embeddings end to end', () => {
  it.each([
    [
      'ollama',
      async () => {
        const s = await startFakeOllama([], { dimensions: 1024 });
        return { server: s, requests: () => s.embedRequests(), env: { EMBEDDINGS_PROVIDER: 'ollama', EMBEDDINGS_BASE_URL: s.baseUrl, EMBEDDINGS_MODEL: 'bge-m3' } };
      },
    ],
    [
      'openai',
      async () => {
        const s = await startFakeOpenAI([], { dimensions: 1024 });
        return { server: s, requests: () => s.embeddingRequests(), env: { EMBEDDINGS_PROVIDER: 'openai', EMBEDDINGS_BASE_URL: s.baseUrl, EMBEDDINGS_MODEL: 'bge-m3' } };
      },
    ],
  ] as const)('%s: bge-m3 builds the index, the manifest names it, a question is answered from it', async (provider, start) => {
    const { server, requests, env } = await start();
    servers.push(server);
    const { core } = await realCore(env);
    const manifest = JSON.parse(fs.readFileSync(path.join(core.deps.search.stored.dir, 'manifest.json'), 'utf8')) as IndexManifest;
    expect(manifest.embeddings).toEqual({ provider, model: 'bge-m3', dimensions: 1024 });
    expect(manifest.chunks).toBe(core.deps.search.chunks.length);
    // Every chunk went to the server, in batches of EMBEDDINGS_BATCH_SIZE (64).
    expect(inputs(requests())).toHaveLength(manifest.chunks);
    expect(Math.max(...requests().map((r) => (r.body.input as string[]).length))).toBe(64);
    expect(requests().every((r) => r.body.model === 'bge-m3')).toBe(true);

    const sent = requests().length;
    const answer = await answerQuestion(question, core.deps);
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]!.title).toContain('消防法');
    expect(inputs(requests().slice(sent)).some((t) => t.includes('消防车通道'))).toBe(true);
  });
});
