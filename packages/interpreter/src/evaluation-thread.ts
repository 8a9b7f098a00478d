/**
 * Evaluating a whole contract on a worker thread, for callers that must stay responsive while it
 * runs, such as a language server: the result is the Report `evaluate` gives (plain data), and an
 * evaluation no longer wanted is stopped at once by stopping the thread.
 */
import type { MessagePort } from 'node:worker_threads';
import { evaluate, type EvaluationOptions } from './evaluate.js';
import type { Contract } from './model.js';
import type { Report } from './report.js';
import { WorkerHost, sendEnd } from './worker-host.js';

/** What can be sent to the thread: everything but a reader thread of this one's. */
export type ThreadEvaluationOptions = Omit<EvaluationOptions, 'readerThread'>;

interface EvaluationJob {
    readonly contract: Contract;
    readonly options: ThreadEvaluationOptions;
}

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
    private readonly host: WorkerHost;

    constructor(script: string | URL) {
        this.host = new WorkerHost(script, 'the evaluation thread');
    }

    /** `evaluate(contract, options)` on the thread; rejects with EvaluationAborted when `signal` aborts first. */
    evaluate(contract: Contract, options: ThreadEvaluationOptions = {}, signal?: AbortSignal): Promise<Report> {
        const job: EvaluationJob = { contract, options };
        const abort = signal && { signal, error: () => new EvaluationAborted() };
        return this.host.run<Report>(job, undefined, abort);
    }

    close(): Promise<void> {
        return this.host.close();
    }
}

/** The worker's side: evaluates each contract it is sent, one at a time. */
export function serveEvaluations(port: MessagePort): void {
    port.on('message', (job: EvaluationJob) => void sendEnd(port, evaluate(job.contract, job.options)));
}
