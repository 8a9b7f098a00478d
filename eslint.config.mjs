// Lint rules for the whole repository. Type-aware rules are left out on purpose: they need the
// TypeScript program and would make `npm run lint` as slow as a full type-check, which CI runs anyway.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
    {
        ignores: [
            '**/node_modules/',
            '**/dist/',
            '**/out/',
            'packages/language/src/generated/',
            'bench/.data/',
            'test/e2e/artifacts/',
            'coverage/',
        ],
    },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        languageOptions: { globals: { ...globals.node } },
        rules: {
            // The compiler reports unused names (noUnusedLocals); a second report adds nothing.
            '@typescript-eslint/no-unused-vars': 'off',
            'prefer-const': 'error',
            eqeqeq: ['error', 'always', { null: 'ignore' }],
            'no-var': 'error',
            '@typescript-eslint/consistent-type-imports': [
                'error',
                { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
            ],
        },
    },
    {
        // Functions that Playwright runs inside the page.
        files: ['test/e2e/**'],
        languageOptions: { globals: { ...globals.browser } },
    },
    {
        files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
        rules: { '@typescript-eslint/no-require-imports': 'off' },
    },
);
