// Builds the CLI as two CommonJS bundles: a small entry that parses arguments and answers
// --help/--version at once, and the engine (parser, validator, interpreter) it loads on demand.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    define: { SLA_VERSION: JSON.stringify(version) },
};

await Promise.all([
    esbuild.build({ ...common, entryPoints: ['src/main.ts'], outfile: 'dist/sla.cjs' }),
    esbuild.build({ ...common, entryPoints: ['src/engine.ts'], outfile: 'dist/engine.cjs' }),
    // The data reader's second thread (see the interpreter's sources/reader-thread.ts), started by the engine.
    esbuild.build({ ...common, entryPoints: ['@sla/interpreter/scan-worker'], outfile: 'dist/scan-worker.cjs' }),
]);
