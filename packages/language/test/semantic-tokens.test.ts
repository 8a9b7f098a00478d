import { EmptyFileSystem } from 'langium';
import { expectSemanticToken, highlightHelper } from 'langium/test';
import { describe, it } from 'vitest';
import { SemanticTokenTypes } from 'vscode-languageserver-types';
import { createSlaServices } from '../src/sla-module.js';

const highlight = highlightHelper(createSlaServices(EmptyFileSystem).Sla);

describe('semantic highlighting', () => {
    it('colours a column named like a keyword as a property, and metric uses as variables', async () => {
        // <|...|> marks the ranges; `service` is a keyword but here names a column.
        const tokens = await highlight(`agreement A {
            data probes from "p.csv" { text <|service|>, boolean up }
            service S {
                metric <|Uptime|> = availability of probes.up
                objective O: <|Uptime|> >= 99 % per month for each probes.<|service|>
            }
        }`);
        expectSemanticToken(tokens, { rangeIndex: 0, tokenType: SemanticTokenTypes.property });
        expectSemanticToken(tokens, { rangeIndex: 1, tokenType: SemanticTokenTypes.variable });
        expectSemanticToken(tokens, { rangeIndex: 2, tokenType: SemanticTokenTypes.variable });
        expectSemanticToken(tokens, { rangeIndex: 3, tokenType: SemanticTokenTypes.property });
    });
});
