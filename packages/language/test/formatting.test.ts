import { EmptyFileSystem } from 'langium';
import { expectFormatting } from 'langium/test';
import { describe, it } from 'vitest';
import { createSlaServices } from '../src/sla-module.js';

const format = expectFormatting(createSlaServices(EmptyFileSystem).Sla);

describe('formatting', () => {
    it('puts each member on its own line with four-space indents and keeps blank lines', async () => {
        await format({
            before: 'agreement A {   timezone "UTC" currency EUR\n  service S { fee 10 EUR per month\n\n metric M = count of d }}',
            after: [
                'agreement A {',
                '    timezone "UTC"',
                '    currency EUR',
                '    service S {',
                '        fee 10 EUR per month',
                '',
                '        metric M = count of d',
                '    }',
                '}',
            ].join('\n'),
        });
    });

    it('keeps comma-separated columns on one line and breaks the others', async () => {
        await format({
            before: 'agreement A { data d from "d.csv" { time ts ,boolean up\ntext region every 1 min } }',
            after: [
                'agreement A {',
                '    data d from "d.csv" {',
                '        time ts, boolean up',
                '        text region',
                '        every 1 min',
                '    }',
                '}',
            ].join('\n'),
        });
    });
});
