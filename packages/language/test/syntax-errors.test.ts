import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { describe, expect, it } from 'vitest';
import { createSlaServices } from '../src/sla-module.js';

const parse = parseHelper(createSlaServices(EmptyFileSystem).Sla);
const firstError = async (text: string) => (await parse(text)).parseResult.parserErrors[0]?.message;

describe('syntax error messages', () => {
    it('says a name is missing instead of listing every keyword that may serve as one', async () => {
        expect(await firstError('agreement A { service S { metric = count of d } }'))
            .toBe("Expecting a name here (letters, digits and _, starting with a letter), but found '='.");
    });

    it('summarises long lists of what could come next', async () => {
        // A metric may be availability, mean, median, min, max, sum, a percentile, elapsed, mttr, mtbf or count.
        const message = await firstError('agreement A { service S { metric M = 42 } }');
        expect(message).toBe("Unexpected '42' here; expecting one of 'availability', 'mean', 'median', 'min', 'max', 'sum', a name, 'elapsed' … (11 possibilities).");
        expect(message!.split('\n')).toHaveLength(1);
    });

    it('keeps short, precise messages as they are', async () => {
        expect(await firstError('agreement A { term 2025-01-01 2025-12-31 }')).toBe("Expecting token of type 'to' but found `2025-12-31`.");
    });
});
