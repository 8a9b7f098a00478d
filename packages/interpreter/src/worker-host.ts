/**
 * What the reader thread and the evaluation thread share: a worker that runs one job at a time,
 * ends each job with a `done` or an `error` message, does not keep the process alive while idle,
 * and is replaced after it was stopped or failed.
 */
import { Worker, type MessagePort } from 'node:worker_threads';
import { DataError } from './data-error.js';

/** An error as it crosses to the other thread; DataError and RangeError keep their kind. */
export type SentError =
    | {
          readonly type: 'data';
          readonly fields: Pick<DataError, 'file' | 'line' | 'column' | 'expected' | 'found' | 'hint'>;
      }
    | { readonly type: 'range'; readonly message: string }
    | { readonly type: 'other'; readonly message: string };

/** The last message of a job. */
export type JobEnd<T> =
    { readonly kind: 'done'; readonly value: T } | { readonly kind: 'error'; readonly error: SentError };

export function sendEnd<T>(port: MessagePort, outcome: Promise<T>): Promise<void> {
    return outcome.then(
        (value) => port.postMessage({ kind: 'done', value } satisfies JobEnd<T>),
        (error: unknown) => port.postMessage({ kind: 'error', error: sentError(error) } satisfies JobEnd<T>),
    );
}

function isJobEnd<T>(message: { readonly kind: string }): message is JobEnd<T> {
    return message.kind === 'done' || message.kind === 'error';
}

function sentError(error: unknown): SentError {
    if (error instanceof DataError) {
        const { file, line, column, expected, found, hint } = error;
        return { type: 'data', fields: { file, line, column, expected, found, hint } };
    }
    if (error instanceof RangeError) return { type: 'range', message: error.message };
    return { type: 'other', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}

/** Stops a job early: when `signal` aborts, the job rejects with `error()`. */
export interface JobAbort {
    readonly signal: AbortSignal;
    readonly error: () => Error;
}

export class WorkerHost {
    private worker: Worker | undefined;
    /** Jobs run one after the other: each waits for the one before to end. */
    private queue: Promise<unknown> = Promise.resolve();

    /** `what` names the worker in errors, e.g. "the data reader". */
    constructor(
        private readonly script: string | URL,
        private readonly what: string,
    ) {}

    /** Starts the worker now rather than at the first job. */
    start(): void {
        this.worker ??= this.spawn();
    }

    /**
     * Posts `job` once the jobs before it have ended, and settles with its end. Other messages (`M`)
     * go to `onMessage`; if it throws, or the job is aborted, the worker is stopped (the next job
     * gets a new one) and the job rejects.
     */
    run<T, M extends { readonly kind: string } = never>(
        job: unknown,
        onMessage?: (message: M) => void,
        abort?: JobAbort,
    ): Promise<T> {
        const run = this.queue.then(() => this.runNow<T, M>(job, onMessage, abort));
        this.queue = run.catch(() => undefined);
        return run;
    }

    private runNow<T, M extends { readonly kind: string }>(
        job: unknown,
        onMessage: ((message: M) => void) | undefined,
        abort: JobAbort | undefined,
    ): Promise<T> {
        const signal = abort?.signal;
        if (signal?.aborted) return Promise.reject(abort!.error());
        const worker = (this.worker ??= this.spawn());
        worker.ref();
        return new Promise<T>((resolve, reject) => {
            const finish = (outcome: () => void, stop: boolean) => {
                worker.off('message', onWorkerMessage).off('error', onError).off('exit', onExit);
                signal?.removeEventListener('abort', onAbort);
                if (stop) this.stop(worker);
                else worker.unref();
                outcome();
            };
            const onWorkerMessage = (message: JobEnd<T> | M) => {
                if (isJobEnd<T>(message)) {
                    if (message.kind === 'done') return finish(() => resolve(message.value), false);
                    return finish(() => reject(this.revive(message.error)), message.error.type === 'other');
                }
                try {
                    onMessage?.(message);
                } catch (error) {
                    finish(() => reject(error), true);
                }
            };
            const onError = (error: Error) => finish(() => reject(error), true);
            const onExit = (code: number) =>
                finish(() => reject(new Error(`${this.what} stopped early (exit code ${code})`)), true);
            const onAbort = () => finish(() => reject(abort!.error()), true);
            worker.on('message', onWorkerMessage).on('error', onError).on('exit', onExit);
            signal?.addEventListener('abort', onAbort, { once: true });
            worker.postMessage(job);
        });
    }

    async close(): Promise<void> {
        const worker = this.worker;
        this.worker = undefined;
        await worker?.terminate();
    }

    private revive(sent: SentError): Error {
        switch (sent.type) {
            case 'data': {
                const e = sent.fields;
                return new DataError(e.file, e.line, e.column, e.expected, e.found, e.hint);
            }
            case 'range':
                return new RangeError(sent.message);
            case 'other':
                return new Error(`${this.what} failed: ${sent.message}`);
        }
    }

    private spawn(): Worker {
        const worker = new Worker(this.script);
        worker.unref();
        // A worker that fails while idle is replaced at the next job, whose own listeners report a failure during it.
        worker
            .on('error', () => undefined)
            .on('exit', () => {
                if (this.worker === worker) this.worker = undefined;
            });
        return worker;
    }

    private stop(worker: Worker): void {
        if (this.worker === worker) this.worker = undefined;
        void worker.terminate();
    }
}
