// The SLA language server. The transport comes from the command line, as vscode-languageserver
// reads it: `--node-ipc` when VS Code starts the bundle, `--stdio` for other editors and the tests.
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { createSlaServices } from '@sla/language';

const connection = createConnection(ProposedFeatures.all);
const { shared } = createSlaServices({ connection, ...NodeFileSystem });
startLanguageServer(shared);
