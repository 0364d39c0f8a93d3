// Lint gates that cost nothing: no floating promises, no `any`, no process.env outside config.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The arrows of ARCHITECTURE.md: knowledge → search → answer → bot → channels → server, and nothing below imports
// anything above. store/ and http/ (request helpers that channels and server share) sit beside the chain on the
// ground; privacy/ wraps the stores. The ground floor (config, domain, logger, mask, heap) imports no room;
// index.ts and cli/ are entry points and may use any.
const CHAIN = ['knowledge', 'search', 'answer', 'bot', 'channels', 'server'];
const notAbove = {
  ...Object.fromEntries(CHAIN.map((room, i) => [room, [...CHAIN.slice(i + 1), 'cli']])),
  store: [...CHAIN, 'privacy', 'http', 'cli'],
  http: [...CHAIN, 'store', 'privacy', 'cli'],
  privacy: [...CHAIN, 'http', 'cli'],
};
const arrows = Object.entries(notAbove).map(([room, banned]) => ({
  files: [`src/${room}/**/*.ts`],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [{ regex: `^(\\.\\./)+(${banned.join('|')})/`, message: `src/${room}/ must not import ${banned.join(', ')} (the arrows of ARCHITECTURE.md).` }],
    }],
  },
}));

export default tseslint.config(
  { ignores: ['node_modules', 'dist', '.data', '.scratch', 'coverage', 'test-results', 'web/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read the environment only in src/config.ts.' }],
    },
  },
  { files: ['src/config.ts', 'test/**', 'bench/**'], rules: { 'no-restricted-properties': 'off' } },
  ...arrows,
  {
    files: ['src/*.ts'],
    ignores: ['src/index.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^\\./[^/]+/', message: 'The ground floor of src/ imports no room of it.' }] }] },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
);
