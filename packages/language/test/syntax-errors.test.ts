import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { describe, expect, it } from 'vitest';
import { createSlaServices } from '../src/sla-module.js';

const parse = parseHelper(createSlaServices(EmptyFileSystem).Sla);
const firstError = async (text: string) => (await parse(text)).parseResult.parserErrors[0]?.message;

describe('syntax error messages', () => {
    it('says a name is missing instead of listing every keyword that may serve as one', async () => {
        expect(await firstError('agreement A { service S { metric = count of d } }')).toBe(
            "Expecting a name here (letters, digits and _, starting with a letter), but found '='.",
        );
    });

    it('says that a keyword cannot be a name, and suggests one', async () => {
        // `out` is a keyword (availability of … out of …), not a name.
        expect(await firstError('agreement A { data d from "d.csv" { boolean out } }')).toBe(
            "Expecting a name here, but 'out' is a keyword of the language and cannot be a name: choose another, such as out_value or my_out.",
        );
    });

    it('takes the words a contract uses for its data as names: outages, events, months', async () => {
        const document = await parse(
            'agreement A { data outages from "o.csv" { time start, time months } data events from "e.csv" { time kind } }',
        );
        expect(document.parseResult.parserErrors).toEqual([]);
    });

    it('summarises long lists of what could come next', async () => {
        // A metric may be availability, mean, median, min, max, sum, a percentile, elapsed, mttr, mtbf or count.
        const message = await firstError('agreement A { service S { metric M = 42 } }');
        expect(message).toBe(
            "Unexpected '42' here; expecting one of 'availability', 'mean', 'median', 'min', 'max', 'sum', a name, 'elapsed' … (12 possibilities).",
        );
        expect(message!.split('\n')).toHaveLength(1);
    });

    it('keeps short, precise messages as they are', async () => {
        expect(await firstError('agreement A { term 2025-01-01 2025-12-31 }')).toBe(
            "Expecting token of type 'to' but found `2025-12-31`.",
        );
    });

    it('recovers after a broken metric expression without losing the rest of the service', async () => {
        // `of` is missing its function: the one error is there, the metric and the objective after it stay.
        const document = await parse(`agreement A {
  service S {
    metric L = of p.x controlled by provider
    objective F: L <= 300 ms per month
  }
}`);
        expect(document.parseResult.parserErrors).toHaveLength(1);
        const members = document.parseResult.value.agreements[0].members;
        expect(members.map((m) => m.$type)).toEqual(['Service']);
        expect(
            (members[0] as { members: { $type: string; name: string }[] }).members.map((m) => `${m.$type} ${m.name}`),
        ).toEqual(['Metric L', 'Objective F']);
    });

    it('keeps the window and options of an objective whose target is broken', async () => {
        const document = await parse(
            'agreement A { service S { objective Up: = M >= 99 % per month where up = true } }',
        );
        const service = document.parseResult.value.agreements[0].members[0] as {
            members: { window?: { unit?: string }; options: { $type: string }[] }[];
        };
        expect(service.members[0].window?.unit).toBe('month');
        expect(service.members[0].options.map((o) => o.$type)).toEqual(['Scope']);
    });
});
