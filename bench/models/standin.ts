// Random-weight stand-in models for tests and benchmarks, built on demand by build-standin.py (Debian's
// python3-onnx) into the system's temp folder and reused while the script is unchanged. Never committed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const script = path.join(here, 'build-standin.py');
/** The real tokenizer of bge-small-zh-v1.5, beside the repository (shared/models). */
export const sharedModels = path.resolve(here, '../../../shared/models');
export const tokenizerDir = path.join(sharedModels, 'bge-small-zh-v1.5-tokenizer');
/** The ready-made tiny encoder (2 layers, hidden 64) in shared/models. */
export const tinyEncoderDir = path.join(sharedModels, 'standin-tiny-bert-zh');

export interface StandinShape {
  layers: number;
  hidden: number;
  heads: number;
  ffn: number;
  /** classification: a cross-encoder head with `labels` logits. */
  head?: 'none' | 'classification';
  labels?: number;
}

/** bge-small-zh-v1.5's shape: 4 layers, hidden 512, 8 heads, ffn 2048 (about 24 M parameters). */
export const BGE_SMALL_SHAPE: StandinShape = { layers: 4, hidden: 512, heads: 8, ffn: 2048 };
/** bge-reranker-base's encoder shape (12 layers, hidden 768) on the small vocabulary: its time, not its memory. */
export const BASE_SHAPE: StandinShape = { layers: 12, hidden: 768, heads: 12, ffn: 3072 };
export const TINY_SHAPE: StandinShape = { layers: 2, hidden: 64, heads: 4, ffn: 128 };

/** A Python that has Debian's onnx module, or undefined. */
export function onnxPython(): string | undefined {
  for (const py of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(py, ['-c', 'import onnx, numpy'], { stdio: 'ignore' });
    if (r.status === 0) return py;
  }
  return undefined;
}

/** Builds (or reuses) a stand-in of this shape; returns its folder. */
export function buildStandin(shape: StandinShape, name = 'model'): string {
  const args = [
    '--layers', String(shape.layers), '--hidden', String(shape.hidden), '--heads', String(shape.heads), '--ffn', String(shape.ffn),
    '--head', shape.head ?? 'none', '--labels', String(shape.labels ?? 1),
  ];
  const key = createHash('sha256').update(fs.readFileSync(script)).update(args.join(' ')).digest('hex').slice(0, 12);
  // The folder's name is what family detection sees: callers name it after the model it stands in for.
  const dir = path.join(os.tmpdir(), `qidong-standin-${key}`, name);
  if (fs.existsSync(path.join(dir, 'onnx', 'model_quantized.onnx'))) return dir;
  const py = onnxPython();
  if (!py) throw new Error('building a stand-in model needs python3 with onnx: apt-get install -y python3-onnx');
  const tmp = `${dir}.tmp-${process.pid}`;
  const r = spawnSync(py, [script, '--out', tmp, '--tokenizer', tokenizerDir, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build-standin.py failed: ${r.stderr || r.stdout}`);
  try {
    fs.renameSync(tmp, dir);
  } catch (err) {
    // Another process built it meanwhile: keep theirs.
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!fs.existsSync(path.join(dir, 'onnx', 'model_quantized.onnx'))) throw err;
  }
  return dir;
}

/** A folder named `name` that holds the files of `source` (symlinks): family detection reads the name. */
export function namedCopy(source: string, name: string): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'qidong-model-')), name);
  fs.mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  for (const f of fs.readdirSync(source)) if (f !== 'onnx') fs.symlinkSync(path.join(source, f), path.join(dir, f));
  for (const f of fs.readdirSync(path.join(source, 'onnx'))) fs.symlinkSync(path.join(source, 'onnx', f), path.join(dir, 'onnx', f));
  return dir;
}
