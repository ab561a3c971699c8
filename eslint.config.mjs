// @ts-check
import tseslint from 'typescript-eslint';
import { DOMAIN_FILES, DOMAIN_IMPORT_RESTRICTIONS, layerPlugin } from './eslint-layers.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', '.kafka/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'tests/**', 'bench/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
  // Layers (docs/architecture.md): apps never import each other (the gateway composes them through
  // apps/<service>/src/index.ts), libraries never import apps, libs/contracts imports nothing of ours.
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    plugins: { amtsweg: layerPlugin },
    rules: { 'amtsweg/layers': 'error' },
  },
  {
    files: DOMAIN_FILES,
    rules: { 'no-restricted-imports': ['error', DOMAIN_IMPORT_RESTRICTIONS] },
  },
);
