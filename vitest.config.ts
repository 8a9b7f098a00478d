import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
        exclude: ['test/e2e/**', '**/node_modules/**'],
    },
});
