// EMBEDDINGS_MODEL as a hub id: downloaded once into DATA_DIR/models/<id> (from a fake hub on loopback here,
// HF_ENDPOINT), then read from there without the network; offline, the error names the folder to fill.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { tinyEncoderDir } from '../../../bench/models/standin.js';
import { loadConfig } from '../../../src/config.js';
import { BatchedEmbeddings } from '../../../src/search/embeddings/batched.js';
import { createEmbeddings } from '../../../src/search/embeddings/factory.js';
import { LocalEmbeddings } from '../../../src/search/embeddings/local.js';
import { ModelSetupError } from '../../../src/search/embeddings/runtime.js';
import type { TransformersEmbeddings } from '../../../src/search/embeddings/transformers.js';
import { startFakeHub } from '../../fakes/fake-hub.js';
import type { FakeServer } from '../../fakes/http.js';
import { recordingLogger } from '../../helpers/logs.js';
import { transformersPackage } from '../../helpers/models.js';
import { tempDir } from '../../helpers/paths.js';
import { describeWithService } from '../../helpers/services.js';

const ID = 'Standin/bge-small-zh-v1.5';
const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function embedder(dataDir: string, endpoint: string, dtype = 'q8') {
  const { logger, lines } = recordingLogger();
  const config = loadConfig({ EMBEDDINGS_MODEL: ID, DATA_DIR: dataDir, HF_ENDPOINT: endpoint, EMBEDDINGS_DTYPE: dtype });
  const emb = (createEmbeddings(config, () => new LocalEmbeddings(), logger) as BatchedEmbeddings).inner as TransformersEmbeddings;
  return { emb, lines };
}

/** A loopback port with nothing listening: connections are refused, as on a machine without a network. */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describeWithService(transformersPackage, 'a hub id in EMBEDDINGS_MODEL', () => {
  it('is downloaded once into DATA_DIR/models/<id>, then read from there without the network', async () => {
    const hub = await startFakeHub({ [ID]: tinyEncoderDir });
    servers.push(hub);
    const dataDir = tempDir();
    const { emb, lines } = embedder(dataDir, hub.baseUrl);
    const v = await emb.embedQuery('消防车通道');
    expect(v).toHaveLength(64);
    const dir = path.join(dataDir, 'models', ID);
    expect(emb.modelDir).toBe(dir);
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx']) {
      // Buffer.equals: vitest's deep equality takes seconds on megabytes.
      expect(fs.readFileSync(path.join(dir, f)).equals(fs.readFileSync(path.join(tinyEncoderDir, f)))).toBe(true);
      expect(hub.downloads()).toContain(`${ID}/${f}`);
    }
    // Only the chosen dtype's weights; no staging folder left behind.
    expect(hub.downloads()).not.toContain(`${ID}/onnx/model.onnx`);
    expect(fs.readdirSync(path.join(dataDir, 'models')).filter((n) => n.startsWith('.download'))).toEqual([]);
    expect(lines.some((l) => l.includes('downloading embedding model file') && l.includes('model_quantized.onnx'))).toBe(true);
    // The family comes from the hub id: bge-zh's instruction on questions.
    expect(await emb.decode((await emb.encode(['罚款'], 'query'))[0]!)).toMatch(/^\[CLS\] 为 这 个 句 子/);

    await hub.close();
    const again = embedder(dataDir, hub.baseUrl).emb;
    expect(await again.embedQuery('消防车通道')).toEqual(v);
  });

  it('without a network, the error names the folder to fill and the files it needs', async () => {
    const dataDir = tempDir();
    const { emb } = embedder(dataDir, `http://127.0.0.1:${await closedPort()}`);
    const err = await emb.embedQuery('x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelSetupError);
    const dir = path.join(dataDir, 'models', ID);
    expect(String(err)).toContain(`the model is not in ${dir} and could not be downloaded`);
    expect(String(err)).toContain('config.json, tokenizer.json, tokenizer_config.json, onnx/model_quantized.onnx');
    expect(fs.existsSync(path.join(dataDir, 'models', ID, 'config.json'))).toBe(false);
  });

  it('a hub that lacks the file (404) is reported the same way, and nothing half-downloaded is kept', async () => {
    const partial = tempDir();
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) fs.copyFileSync(path.join(tinyEncoderDir, f), path.join(partial, f));
    const hub = await startFakeHub({ [ID]: partial });
    servers.push(hub);
    const dataDir = tempDir();
    const err = await embedder(dataDir, hub.baseUrl, 'fp32').emb.embedQuery('x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelSetupError);
    expect(String(err)).toMatch(/fill that folder with the model's files: .*onnx\/model\.onnx/);
    // The files that did arrive stay in staging, which is removed: the model folder holds no half model.
    expect(fs.existsSync(path.join(dataDir, 'models', ID))).toBe(false);
  });
});
