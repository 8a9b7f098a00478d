import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
        exclude: ['test/e2e/**', '**/node_modules/**'],
        // A guard against hangs, not a speed check: on a shared two-core machine under load a
        // test that takes 1 s alone can take 10 s.
        testTimeout: 30_000,
    },
});
