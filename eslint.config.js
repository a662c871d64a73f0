// One quality gate: `npm test` runs type-check, this lint, then the tests.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'web/dist/', 'broker/.cache/', 'data/', 'test-results/', 'bench-results/', 'scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly', process: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly',
        setInterval: 'readonly', clearInterval: 'readonly', performance: 'readonly', URL: 'readonly',
        Buffer: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', queueMicrotask: 'readonly',
        setImmediate: 'readonly', window: 'readonly', document: 'readonly', WebSocket: 'readonly',
        fetch: 'readonly', requestAnimationFrame: 'readonly', cancelAnimationFrame: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
);
