// The SLA language server. The transport comes from the command line, as vscode-languageserver
// reads it: `--node-ipc` when VS Code starts the bundle, `--stdio` for other editors and the tests.
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import * as path from 'node:path';
import { EvaluationThread } from '@sla/interpreter';
import { createSlaServices } from '@sla/language';

const connection = createConnection(ProposedFeatures.all);
const { shared, Sla } = createSlaServices({ connection, ...NodeFileSystem });
// For editors without workspace trust: `--trust-workspace` reads data even when the client does not say it is trusted.
Sla.data.DataAccess.trustSilentClients(process.argv.includes('--trust-workspace'));
// Evaluating against the data can take a while: on its own thread the server keeps answering, and an
// edit stops an evaluation it makes stale. The script is bundled beside this one (esbuild.mjs).
Sla.compliance.InlineCompliance.evaluateOn(new EvaluationThread(path.join(__dirname, 'evaluation-worker.cjs')));
startLanguageServer(shared);
