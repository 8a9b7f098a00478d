/** What the HTTP engines (ClickHouse, Prometheus) share: a request under a deadline, and its failures. */
import {
    EngineConnectionRefusedError,
    EngineError,
    EngineQueryError,
    EngineTimeoutError,
    type EngineErrorContext,
} from './errors.js';
import { startDeadline, type Deadline } from './stream.js';

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);

export interface TimedRequest {
    readonly deadline: Deadline;
    readonly signal: AbortSignal;
}

/** A deadline that aborts the request (and the reading of its body) when it expires. */
export function timedRequest(timeoutMs: number): TimedRequest {
    const controller = new AbortController();
    const deadline = startDeadline(timeoutMs, () => controller.abort());
    return { deadline, signal: controller.signal };
}

export async function send(
    context: EngineErrorContext,
    url: string,
    init: RequestInit,
    timed: TimedRequest,
): Promise<Response> {
    try {
        return await fetch(url, { ...init, signal: timed.signal });
    } catch (error) {
        throw networkError(context, error, timed.deadline);
    }
}

/** A failure of fetch or of reading a body: refused, timed out, or cut off. */
export function networkError(context: EngineErrorContext, error: unknown, deadline: Deadline): EngineError {
    if (error instanceof EngineError) return error;
    if (deadline.expired) {
        return new EngineTimeoutError(
            context,
            `the query did not finish within ${deadline.timeoutMs} ms`,
            '',
            'Narrow the query (a shorter range, fewer columns) or raise the source timeout.',
        );
    }
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code && UNREACHABLE.has(cause.code)) {
        return new EngineConnectionRefusedError(
            context,
            'cannot connect to the server',
            cause.message ?? cause.code,
            'Check that the server runs and that the host and port of the connection are right.',
        );
    }
    const message = cause?.message ?? (error instanceof Error ? error.message : String(error));
    return new EngineQueryError(context, 'the request failed', message, 'Check the connection and the server.');
}

export function basicAuthorization(user: string | undefined, password: string | undefined): Record<string, string> {
    if (user === undefined && password === undefined) return {};
    const token = Buffer.from(`${user ?? ''}:${password ?? ''}`).toString('base64');
    return { authorization: `Basic ${token}` };
}
