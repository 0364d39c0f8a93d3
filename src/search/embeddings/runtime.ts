// Models that run inside the bot: ONNX files read by transformers.js (@huggingface/transformers, on
// onnxruntime-node's CPU binaries). Shared by the local embedding and the local reranker.
//
// The package is optional (package.json optionalDependencies; see docs/models.md): it is imported only
// when a local model is configured, and its absence is reported with the command that installs it.
// A model is a folder (config.json, tokenizer files, onnx/model.onnx or onnx/model_quantized.onnx) or a
// hub id such as BAAI/bge-small-zh-v1.5, downloaded once into DATA_DIR/models/<id> from HF_ENDPOINT.
// Downloads go to a staging folder and move into place only once the model has loaded, so an
// interrupted download never leaves a half model that looks whole.
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

export const TRANSFORMERS_PACKAGE = '@huggingface/transformers';
/** Reinstalls the optional packages from the lockfile; the variable stops onnxruntime-node fetching GPU libraries on npm < 11. */
export const TRANSFORMERS_INSTALL = 'ONNXRUNTIME_NODE_INSTALL=skip npm install';

export type ModelDtype = 'fp32' | 'q8';

/** A model or setup problem the person installing the bot can fix; the message says how. */
export class ModelSetupError extends Error {
  override name = 'ModelSetupError';
}

export interface Tensor {
  data: ArrayLike<number | bigint>;
  dims: number[];
}
export type TokenizerOutput = Record<string, Tensor> & { input_ids: Tensor; attention_mask: Tensor };
export interface Tokenizer {
  (texts: string[], opts: { text_pair?: string[]; padding: boolean; truncation: boolean; max_length: number }): TokenizerOutput;
  decode(ids: number[], opts?: { skip_special_tokens?: boolean }): string;
  model_max_length?: number;
  sep_token_id?: number;
}
export type OnnxModel = (inputs: TokenizerOutput) => Promise<Record<string, Tensor>>;
interface Pretrained<T> {
  from_pretrained(ref: string, opts: Record<string, unknown>): Promise<T>;
}

/** The parts of @huggingface/transformers this project uses. */
export interface TransformersModule {
  env: {
    allowRemoteModels: boolean;
    allowLocalModels: boolean;
    localModelPath: string;
    cacheDir: string | null;
    remoteHost: string;
    useFSCache: boolean;
    version?: string;
  };
  AutoTokenizer: Pretrained<Tokenizer>;
  AutoModel: Pretrained<OnnxModel>;
  AutoModelForSequenceClassification: Pretrained<OnnxModel>;
}

/**
 * Tokenizes texts (or question–passage pairs) padded to the longest and cut to `maxTokens`, the model's own
 * limit when lower. transformers.js cuts the ids at the limit, dropping the closing separator; it is put
 * back, as the Python tokenizers do, so a long passage still ends the way the model was trained on.
 */
export function tokenizeCapped(tokenizer: Tokenizer, texts: string[], maxTokens: number, pairs?: string[]): TokenizerOutput {
  const limit = Math.min(maxTokens, tokenizer.model_max_length ?? Infinity);
  const out = tokenizer(texts, { ...(pairs ? { text_pair: pairs } : {}), padding: true, truncation: true, max_length: limit });
  const sep = tokenizer.sep_token_id;
  const [rows, seq] = out.input_ids.dims as [number, number];
  if (sep === undefined || seq < limit) return out;
  const ids = out.input_ids.data as unknown as (number | bigint)[];
  const mask = out.attention_mask.data;
  const sepValue = typeof ids[0] === 'bigint' ? BigInt(sep) : sep;
  for (let r = 0; r < rows; r++) {
    const last = r * seq + seq - 1;
    if (Number(mask[last]) !== 0 && Number(ids[last]) !== sep) ids[last] = sepValue;
  }
  return out;
}

export type PackageImporter = () => Promise<unknown>;

/** A variable specifier keeps TypeScript and esbuild from requiring the optional package. */
const importTransformers: PackageImporter = () => {
  const specifier: string = TRANSFORMERS_PACKAGE;
  return import(specifier);
};

export async function loadTransformers(setting: string, importer: PackageImporter = importTransformers): Promise<TransformersModule> {
  try {
    return (await importer()) as TransformersModule;
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new ModelSetupError(
      `${setting} runs an ONNX model inside the bot, which needs the optional package ${TRANSFORMERS_PACKAGE} (${reason}). ` +
        `Install it with: ${TRANSFORMERS_INSTALL}`,
    );
  }
}

/** Whether the optional package is installed (tests and benchmarks skip or say so). */
export async function transformersAvailable(importer: PackageImporter = importTransformers): Promise<boolean> {
  try {
    await importer();
    return true;
  } catch {
    return false;
  }
}

export interface ModelSource {
  /** What the setting said. */
  ref: string;
  kind: 'folder' | 'hub';
  /** Where the files are read from: the folder itself, or DATA_DIR/models/<hub id>. */
  dir: string;
}

const HUB_ID = /^[\w.-]+\/[\w.-]+$/;

/** A folder (absolute, ./relative, or existing) or an owner/name hub id. */
export function modelSource(ref: string, modelsDir: string): ModelSource {
  const pathLike = path.isAbsolute(ref) || ref.startsWith('.') || ref.startsWith('~') || ref.includes('\\');
  if (!pathLike && HUB_ID.test(ref) && !existsSync(ref)) return { ref, kind: 'hub', dir: path.join(modelsDir, ref) };
  return { ref, kind: 'folder', dir: path.resolve(ref) };
}

export const onnxFile = (dtype: ModelDtype) => (dtype === 'q8' ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx');

/** The files transformers.js reads for a tokenizer plus an encoder of this dtype. */
export function requiredFiles(dtype: ModelDtype): string[] {
  return ['config.json', 'tokenizer.json', 'tokenizer_config.json', onnxFile(dtype)];
}

export function missingFiles(dir: string, dtype: ModelDtype): string[] {
  return requiredFiles(dtype).filter((f) => !existsSync(path.join(dir, f)));
}

/** How a model runs: its weights' dtype, and onnxruntime's threads per inference (0: one per core, its default). */
export interface RunOptions {
  dtype: ModelDtype;
  threads?: number;
}

export interface HubOptions {
  /** DATA_DIR/models. */
  modelsDir: string;
  /** HF_ENDPOINT: the hub or a mirror of it. */
  endpoint: string;
  /** Told about each file as it is downloaded. */
  onDownload?: (file: string) => void;
}

export interface LoadedModel<M> {
  tokenizer: Tokenizer;
  model: M;
  /** Bytes of the ONNX file (part of the index manifest: other weights in the same folder rebuild it). */
  weightBytes: number;
}

/**
 * Loads tokenizer and ONNX model of `source` with `which` (AutoModel or AutoModelForSequenceClassification).
 * A folder is read as it is, never completed from the network. A hub id is read from DATA_DIR/models/<id>
 * when the files are there, else downloaded there; without a network the error names the folder to fill.
 */
export async function loadModel<M>(
  mod: TransformersModule,
  which: (m: TransformersModule) => Pretrained<M>,
  source: ModelSource,
  run: RunOptions,
  hub: HubOptions,
  setting: string,
): Promise<LoadedModel<M>> {
  const { dtype } = run;
  const opts = { dtype, device: 'cpu', ...(run.threads ? { session_options: { intraOpNumThreads: run.threads } } : {}) };
  if (source.kind === 'folder') {
    if (!existsSync(source.dir)) {
      throw new ModelSetupError(`${setting}: no model folder at ${source.dir} (it must hold ${requiredFiles(dtype).join(', ')})`);
    }
    const missing = missingFiles(source.dir, dtype);
    if (missing.length) {
      throw new ModelSetupError(`${setting}: the model folder ${source.dir} lacks ${missing.join(', ')} (EMBEDDINGS_DTYPE/RERANK_DTYPE fp32 reads onnx/model.onnx, q8 onnx/model_quantized.onnx)`);
    }
    mod.env.allowLocalModels = true;
    // An absolute path is no hub id: transformers.js reads it as it is.
    const local = { ...opts, local_files_only: true };
    const [tokenizer, model] = await Promise.all([mod.AutoTokenizer.from_pretrained(source.dir, local), which(mod).from_pretrained(source.dir, local)]);
    return { tokenizer, model, weightBytes: (await fs.stat(path.join(source.dir, onnxFile(dtype)))).size };
  }
  if (missingFiles(source.dir, dtype).length === 0) {
    return loadModel(mod, which, { ...source, kind: 'folder' }, run, hub, setting);
  }
  const staging = path.join(hub.modelsDir, `.download-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  try {
    mod.env.allowLocalModels = true;
    mod.env.allowRemoteModels = true;
    mod.env.useFSCache = true;
    // Files already in DATA_DIR/models/<id> are used; the others are fetched into the staging folder.
    mod.env.localModelPath = hub.modelsDir;
    mod.env.cacheDir = staging;
    mod.env.remoteHost = hub.endpoint.endsWith('/') ? hub.endpoint : `${hub.endpoint}/`;
    const progress = (p: { status?: string; file?: string }) => {
      if (p.status === 'download' && p.file) hub.onDownload?.(p.file);
    };
    const remote = { ...opts, progress_callback: progress };
    const tokenizer = await mod.AutoTokenizer.from_pretrained(source.ref, remote);
    const model = await which(mod).from_pretrained(source.ref, remote);
    await moveInto(path.join(staging, source.ref), source.dir);
    return { tokenizer, model, weightBytes: (await fs.stat(path.join(source.dir, onnxFile(dtype)))).size };
  } catch (err) {
    if (err instanceof ModelSetupError) throw err;
    const missing = missingFiles(source.dir, dtype);
    if (!missing.length) throw err;
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new ModelSetupError(
      `${setting}=${source.ref}: the model is not in ${source.dir} and could not be downloaded from ${hub.endpoint} (${reason}). ` +
        `On a machine without internet, fill that folder with the model's files: ${missing.join(', ')} ` +
        `(copied from a machine that has downloaded it, or from ${hub.endpoint.replace(/\/$/, '')}/${source.ref}); or set ${setting} to a folder that holds them.`,
    );
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}

/** Moves every file under `from` to the same place under `to` (rename: each file appears whole or not at all). */
async function moveInto(from: string, to: string): Promise<void> {
  if (!existsSync(from)) return;
  for (const entry of await fs.readdir(from, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const src = path.join(entry.parentPath, entry.name);
    const dest = path.join(to, path.relative(from, src));
    await fs.mkdir(path.dirname(dest), { recursive: true });
    await fs.rename(src, dest);
  }
}
