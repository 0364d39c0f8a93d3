// What the tests of models inside the bot need beyond Node: the optional package @huggingface/transformers
// (installed by `npm ci` from optionalDependencies), and Debian's python3-onnx to build stand-in models
// (bench/models/standin.ts). Absent on a developer's machine: those suites are skipped with one line that
// names the command; in CI (.ci/run installs both) or with REQUIRE_MODELS=1, absent fails the run.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import { onnxPython, tinyEncoderDir } from '../../bench/models/standin.js';
import { requiredBy, type SystemService } from './services.js';

function packageLocation(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('@huggingface/transformers');
  } catch {
    return undefined;
  }
}

export const transformersPackage: SystemService = {
  name: '@huggingface/transformers',
  location: packageLocation(),
  missing: 'the optional package @huggingface/transformers is not installed',
  enable: 'ONNXRUNTIME_NODE_INSTALL=skip npm install',
  requiredBy: requiredBy('REQUIRE_MODELS'),
};

/** The package, the shared tiny stand-in and a Python that builds more stand-ins. */
export const modelTools: SystemService = (() => {
  const py = onnxPython();
  const shared = fs.existsSync(tinyEncoderDir);
  const missing = [
    transformersPackage.location ? '' : 'the optional package @huggingface/transformers',
    py ? '' : 'python3 with onnx',
    shared ? '' : `the stand-in models in ${tinyEncoderDir}`,
  ].filter(Boolean);
  return {
    name: 'local model tools',
    location: missing.length ? undefined : `${transformersPackage.location} + ${py}`,
    missing: `missing ${missing.join(', ')}`,
    enable: 'ONNXRUNTIME_NODE_INSTALL=skip npm install && apt-get install -y python3-onnx',
    requiredBy: requiredBy('REQUIRE_MODELS'),
  };
})();
