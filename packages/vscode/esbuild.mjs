// Builds the extension into CommonJS bundles that carry every dependency except `vscode`
// (the VSIX ships no node_modules): the client that VS Code loads, the language server it starts,
// and the worker thread the server evaluates on.
// The TextMate grammar is generated at the repository root; vsce packs only files inside this
// folder, so it is copied here first.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';

mkdirSync('syntaxes', { recursive: true });
copyFileSync('../../syntaxes/sla.tmLanguage.json', 'syntaxes/sla.tmLanguage.json');

const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    external: ['vscode'],
    logLevel: 'warning',
};

await Promise.all([
    esbuild.build({ ...common, entryPoints: ['src/extension/main.ts'], outfile: 'dist/extension.cjs' }),
    esbuild.build({ ...common, entryPoints: ['src/server/main.ts'], outfile: 'dist/server.cjs' }),
    // The server evaluates agreements against their data on this worker thread (see @sla/interpreter).
    esbuild.build({
        ...common,
        entryPoints: ['@sla/interpreter/evaluation-worker'],
        outfile: 'dist/evaluation-worker.cjs',
    }),
]);
