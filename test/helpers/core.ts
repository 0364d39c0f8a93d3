// One real core (knowledge + index on disk + hybrid search) per test file, built in a temp DATA_DIR.
import { loadConfig, type Config } from '../../src/config.js';
import { loadCore, type LoadedCore } from '../../src/answer/index.js';
import { silentLogger } from '../../src/logger.js';
import { knowledgeDir, lawsDir, tempDir } from './paths.js';

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({}, { KNOWLEDGE_DIR: knowledgeDir, LAWS_DIR: lawsDir, DATA_DIR: tempDir(), LOG_LEVEL: 'silent', ...overrides });
}

export async function realCore(overrides: Record<string, string> = {}): Promise<{ config: Config; core: LoadedCore }> {
  const config = testConfig(overrides);
  return { config, core: await loadCore(config, silentLogger) };
}
