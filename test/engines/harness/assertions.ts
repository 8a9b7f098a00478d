// Small helpers the engine tests share: read a whole stream, and check an error's class and words.
import { expect } from 'vitest';
import { EngineError, type EngineErrorCode } from '../../../packages/interpreter/src/engines/errors.js';
import type { EngineRow, RowStream } from '../../../packages/interpreter/src/engines/types.js';

/**
 * Options for a describe block of tests on a real server: a test that takes 1.5 s on a quiet
 * machine took over 5 s (vitest's default limit) when other work shared the two cores.
 */
export const SERVER_TESTS = { timeout: 30_000 };

export async function collect(stream: RowStream): Promise<{ rows: EngineRow[]; batches: number }> {
    const rows: EngineRow[] = [];
    let batches = 0;
    for await (const batch of stream) {
        batches++;
        rows.push(...batch);
    }
    return { rows, batches };
}

/** Awaits `work` (a query, or a query and reading all its rows) and checks that it fails as `code` with a message matching `message`. */
export async function expectEngineError(
    work: Promise<unknown>,
    code: EngineErrorCode,
    message: RegExp,
): Promise<EngineError> {
    const error = await work
        .then(
            async (result) => {
                if (result && typeof result === 'object' && Symbol.asyncIterator in result)
                    await collect(result as RowStream);
                return undefined;
            },
            (e: unknown) => e,
        )
        .catch((e: unknown) => e);
    expect(error, `expected ${code}`).toBeInstanceOf(EngineError);
    const engineError = error as EngineError;
    expect(engineError.code).toBe(code);
    expect(engineError.message).toMatch(message);
    return engineError;
}
