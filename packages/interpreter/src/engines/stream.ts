/** Helpers every client uses: a row stream over a "next batch" function, and a query deadline. */
import type { EngineRow, ResultColumn, RowStream } from './types.js';

/** Reads the next batch; undefined at the end. */
export type NextBatch = () => Promise<readonly EngineRow[] | undefined>;

/**
 * A stream that yields `first` (already read to learn the columns), then batches from `next`, and
 * calls `release` exactly once: at the end, on an error, or when the consumer stops early.
 */
export function rowStream(
    columns: readonly ResultColumn[],
    first: readonly EngineRow[] | undefined,
    next: NextBatch,
    release: () => Promise<void>,
): RowStream {
    let released = false;
    const releaseOnce = async (): Promise<void> => {
        if (released) return;
        released = true;
        await release();
    };
    let iterated = false;
    return {
        columns,
        close: releaseOnce,
        async *[Symbol.asyncIterator]() {
            if (iterated) throw new Error('a row stream can be read only once');
            iterated = true;
            try {
                if (first && first.length > 0) yield first;
                for (;;) {
                    const batch = await next();
                    if (batch === undefined) break;
                    if (batch.length > 0) yield batch;
                }
            } finally {
                await releaseOnce();
            }
        },
    };
}

export interface Deadline {
    readonly expired: boolean;
    readonly timeoutMs: number;
    clear(): void;
}

/** Calls `onExpire` once after `timeoutMs` unless cleared first; the timer does not keep the process alive. */
export function startDeadline(timeoutMs: number, onExpire: () => void): Deadline {
    let expired = false;
    const timer = setTimeout(() => {
        expired = true;
        onExpire();
    }, timeoutMs);
    timer.unref();
    return {
        get expired() {
            return expired;
        },
        timeoutMs,
        clear: () => clearTimeout(timer),
    };
}
