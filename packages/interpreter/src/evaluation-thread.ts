/**
 * Evaluating a whole contract on a worker thread, for callers that must stay responsive while it
 * runs, such as a language server: the result is the Report `evaluate` gives (plain data), and an
 * evaluation no longer wanted is stopped at once by stopping the thread.
 */
import { Worker, type MessagePort } from 'node:worker_threads';
import { DataError } from './data-error.js';
import { evaluate, type EvaluationOptions } from './evaluate.js';
import type { Contract } from './model.js';
import type { Report } from './report.js';

/** What can be sent to the thread: everything but a reader thread of this one's. */
export type ThreadEvaluationOptions = Omit<EvaluationOptions, 'readerThread'>;

interface EvaluationJob {
    readonly contract: Contract;
    readonly options: ThreadEvaluationOptions;
}

type EvaluationMessage =
    | { readonly kind: 'report'; readonly report: Report }
    | { readonly kind: 'data-error'; readonly error: Pick<DataError, 'file' | 'line' | 'column' | 'expected' | 'found' | 'hint'> }
    | { readonly kind: 'range-error'; readonly message: string }
    | { readonly kind: 'failure'; readonly message: string };

/** The rejection of an evaluation stopped by its AbortSignal. */
export class EvaluationAborted extends Error {
    constructor() {
        super('the evaluation was stopped');
        this.name = 'EvaluationAborted';
    }
}

/**
 * A worker thread running `evaluate`, one contract at a time; `script` is the compiled
 * `evaluation-worker` entry. The thread starts on the first evaluation and does not keep the process
 * alive; `close` stops it.
 */
export class EvaluationThread {
    private worker: Worker | undefined;
    /** Evaluations run one after the other: each waits for the one before. */
    private queue: Promise<unknown> = Promise.resolve();

    constructor(private readonly script: string | URL) {}

    /** `evaluate(contract, options)` on the thread; rejects with EvaluationAborted when `signal` aborts first. */
    evaluate(contract: Contract, options: ThreadEvaluationOptions = {}, signal?: AbortSignal): Promise<Report> {
        const run = this.queue.then(() => this.run({ contract, options }, signal));
        this.queue = run.catch(() => undefined);
        return run;
    }

    async close(): Promise<void> {
        const worker = this.worker;
        this.worker = undefined;
        await worker?.terminate();
    }

    private run(job: EvaluationJob, signal: AbortSignal | undefined): Promise<Report> {
        if (signal?.aborted) return Promise.reject(new EvaluationAborted());
        const worker = (this.worker ??= this.spawn());
        worker.ref();
        return new Promise<Report>((resolve, reject) => {
            const finish = (outcome: () => void, stop: boolean) => {
                worker.off('message', onMessage).off('error', onError).off('exit', onExit);
                signal?.removeEventListener('abort', onAbort);
                if (stop) this.stop(worker);
                else worker.unref();
                outcome();
            };
            const onMessage = (message: EvaluationMessage) => {
                switch (message.kind) {
                    case 'report':
                        return finish(() => resolve(message.report), false);
                    case 'data-error': {
                        const e = message.error;
                        return finish(() => reject(new DataError(e.file, e.line, e.column, e.expected, e.found, e.hint)), false);
                    }
                    case 'range-error':
                        return finish(() => reject(new RangeError(message.message)), false);
                    case 'failure':
                        return finish(() => reject(new Error(`the evaluation failed: ${message.message}`)), true);
                }
            };
            const onError = (error: Error) => finish(() => reject(error), true);
            const onExit = (code: number) => finish(() => reject(new Error(`the evaluation thread stopped early (exit code ${code})`)), true);
            const onAbort = () => finish(() => reject(new EvaluationAborted()), true);
            worker.on('message', onMessage).on('error', onError).on('exit', onExit);
            signal?.addEventListener('abort', onAbort, { once: true });
            worker.postMessage(job);
        });
    }

    private spawn(): Worker {
        const worker = new Worker(this.script);
        worker.unref();
        worker.on('error', () => undefined).on('exit', () => {
            if (this.worker === worker) this.worker = undefined;
        });
        return worker;
    }

    private stop(worker: Worker): void {
        if (this.worker === worker) this.worker = undefined;
        void worker.terminate();
    }
}

/** The worker's side: evaluates each contract it is sent, one at a time. */
export function serveEvaluations(port: MessagePort): void {
    port.on('message', (job: EvaluationJob) => {
        void evaluate(job.contract, job.options).then(
            (report) => port.postMessage({ kind: 'report', report } satisfies EvaluationMessage),
            (error: unknown) => port.postMessage(failureMessage(error))
        );
    });
}

function failureMessage(error: unknown): EvaluationMessage {
    if (error instanceof DataError) {
        const { file, line, column, expected, found, hint } = error;
        return { kind: 'data-error', error: { file, line, column, expected, found, hint } };
    }
    if (error instanceof RangeError) return { kind: 'range-error', message: error.message };
    return { kind: 'failure', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}
