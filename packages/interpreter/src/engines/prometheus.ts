/**
 * Prometheus range queries over its HTTP API. A range longer than the server's limit of 11 000
 * points per series is split into consecutive requests on the same step grid. Each series becomes
 * rows `timestamp, <label>…, value`, one per step, time-major (all series at one step, then the
 * next); labels are text columns, so a contract can filter and group by them.
 *
 * The step is the source's sample interval, and the lookback is set just under it (`lookback_delta`
 * = step − 1 ms, Prometheus 2.43+), so that each step sees only the sample of its own interval:
 * 2.x counts a sample exactly one lookback old, 3.x does not. Older servers use their
 * --query.lookback-delta (5 min by default) and fill a shorter hole with the last value before it.
 * A missing step inside a series is an error unless the caller keeps gaps (then the step is
 * simply absent, never filled).
 */
import { errorContext, type ConnectionSettings } from './connections.js';
import {
    EngineAuthenticationError,
    EngineMissingColumnError,
    EngineQueryError,
    EngineQuerySyntaxError,
    EngineSeriesGapError,
    EngineTimeoutError,
    type EngineError,
    type EngineErrorContext,
} from './errors.js';
import { basicAuthorization, networkError, send, timedRequest, type TimedRequest } from './http.js';
import { rowStream } from './stream.js';
import {
    DEFAULT_BATCH_SIZE,
    DEFAULT_TIMEOUT_MS,
    badValue,
    checkExpectedColumns,
    type EngineClient,
    type EngineRow,
    type QueryOptions,
    type ResultColumn,
    type RowStream,
} from './types.js';

/** Prometheus refuses a range query with more points per series than this. */
export const MAX_POINTS_PER_SERIES = 11_000;
export const TIME_COLUMN = 'timestamp';
export const VALUE_COLUMN = 'value';
const VALUE_RESULT_COLUMN: ResultColumn = { name: VALUE_COLUMN, engineType: 'float', kind: 'number' };

export interface PromRangeQuery {
    readonly promql: string;
    readonly startMs: number;
    /** Inclusive: the last step is the last one at or before it. */
    readonly endMs: number;
    readonly stepMs: number;
    /** `error` (default): a missing step inside a series fails the query; `keep`: it is left out. */
    readonly gaps?: 'error' | 'keep';
    /** Points per series in one request; at most (and by default) 11 000. */
    readonly maxPointsPerRequest?: number;
}

interface Series {
    readonly metric: Record<string, string>;
    readonly values: [number, string][];
}

interface Chunk {
    readonly firstMs: number;
    readonly lastMs: number;
}

/** The request windows: consecutive runs of at most `points` steps on the grid start + k·step. */
export function splitRange(startMs: number, endMs: number, stepMs: number, points: number): Chunk[] {
    const steps = Math.floor((endMs - startMs) / stepMs) + 1;
    const chunks: Chunk[] = [];
    for (let first = 0; first < steps; first += points) {
        const last = Math.min(first + points, steps) - 1;
        chunks.push({ firstMs: startMs + first * stepMs, lastMs: startMs + last * stepMs });
    }
    return chunks;
}

export class PrometheusClient implements EngineClient<PromRangeQuery> {
    readonly engine = 'prometheus';

    constructor(private readonly settings: ConnectionSettings) {}

    get connection(): string {
        return this.settings.name;
    }

    async query(request: PromRangeQuery, options: QueryOptions = {}): Promise<RowStream> {
        const context = errorContext(this.settings, options.source);
        const points = Math.min(request.maxPointsPerRequest ?? MAX_POINTS_PER_SERIES, MAX_POINTS_PER_SERIES);
        if (!(request.stepMs > 0) || !(request.endMs >= request.startMs) || !(points >= 1)) {
            throw new EngineQueryError(
                context,
                'the range is empty or the step is not positive',
                '',
                "Check the source's interval and window.",
            );
        }
        const chunks = splitRange(request.startMs, request.endMs, request.stepMs, points);
        const timed = timedRequest(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
        const fetchChunk = (chunk: Chunk) => this.fetchChunk(context, request, chunk, timed);
        try {
            const first = await fetchChunk(chunks[0]);
            const labels = labelColumns(context, first, options);
            const columns: ResultColumn[] = [
                { name: TIME_COLUMN, engineType: 'timestamp', kind: 'time' },
                ...labels.map((name) => ({ name, engineType: 'label', kind: 'text' as const })),
                VALUE_RESULT_COLUMN,
            ];
            // A 0/1 series (probe_success) may be declared boolean.
            checkExpectedColumns(context, columns, options.expect, (c) => c.name === VALUE_COLUMN);
            const rows = new SeriesRows(context, request, labels, options);
            const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
            const pending = rows.fromChunk(first);
            let nextChunk = 1;
            const next = async (): Promise<EngineRow[] | undefined> => {
                while (pending.length === 0 && nextChunk < chunks.length) {
                    pending.push(...rows.fromChunk(await fetchChunk(chunks[nextChunk++])));
                }
                if (pending.length === 0) return undefined;
                return pending.splice(0, batchSize);
            };
            const guarded = () =>
                next().catch((error: unknown) => Promise.reject(networkError(context, error, timed.deadline)));
            return rowStream(columns, undefined, guarded, async () => timed.deadline.clear());
        } catch (error) {
            timed.deadline.clear();
            throw networkError(context, error, timed.deadline);
        }
    }

    async close(): Promise<void> {
        // fetch pools its own sockets; there is nothing of ours to close.
    }

    private async fetchChunk(
        context: EngineErrorContext,
        request: PromRangeQuery,
        chunk: Chunk,
        timed: TimedRequest,
    ): Promise<Series[]> {
        const seconds = (ms: number) => String(ms / 1000);
        const body = new URLSearchParams({
            query: request.promql,
            start: seconds(chunk.firstMs),
            end: seconds(chunk.lastMs),
            step: seconds(request.stepMs),
            lookback_delta: seconds(request.stepMs - 1),
            timeout: `${Math.max(1, Math.ceil(timed.deadline.timeoutMs / 1000))}s`,
        });
        const response = await send(
            context,
            `${this.settings.url}/api/v1/query_range`,
            {
                method: 'POST',
                body,
                headers: { ...basicAuthorization(this.settings.user, this.settings.password) },
            },
            timed,
        );
        const text = await response.text();
        let answer: {
            status?: string;
            errorType?: string;
            error?: string;
            data?: { resultType?: string; result?: Series[] };
        };
        try {
            answer = JSON.parse(text);
        } catch {
            throw serverError(context, response.status, undefined, text.trim(), timed);
        }
        if (!response.ok || answer.status !== 'success') {
            throw serverError(context, response.status, answer.errorType, answer.error ?? text.trim(), timed);
        }
        if (answer.data?.resultType !== 'matrix') {
            throw new EngineQueryError(
                context,
                `the query gives a ${answer.data?.resultType}, not series`,
                '',
                'Write a PromQL expression that gives an instant vector.',
            );
        }
        return answer.data.result ?? [];
    }
}

/** Declared labels (the expected columns other than timestamp and value), or those of the first answer, sorted. */
function labelColumns(context: EngineErrorContext, first: readonly Series[], options: QueryOptions): string[] {
    const declared = options.expect?.map((e) => e.name).filter((n) => n !== TIME_COLUMN && n !== VALUE_COLUMN);
    const present = new Set(first.flatMap((s) => Object.keys(s.metric)));
    if (declared === undefined) return [...present].sort();
    const missing = declared.filter((name) => first.length > 0 && !present.has(name));
    if (missing.length > 0) {
        throw new EngineMissingColumnError(
            context,
            `no series has the label "${missing[0]}" (labels: ${[...present].sort().join(', ') || 'none'})`,
            '',
            'Correct the label name, or keep it in the query (e.g. sum by (label) (…)).',
        );
    }
    return declared;
}

/** Turns answers into rows, following each series across requests to find gaps. */
class SeriesRows {
    private readonly lastStepOf = new Map<string, number>();
    private readonly known: Set<string> | undefined;
    private readonly valueIsBoolean: boolean;

    constructor(
        private readonly context: EngineErrorContext,
        private readonly request: PromRangeQuery,
        private readonly labels: readonly string[],
        options: QueryOptions,
    ) {
        this.known = options.expect ? undefined : new Set(labels);
        this.valueIsBoolean = options.expect?.find((e) => e.name === VALUE_COLUMN)?.kind === 'boolean';
    }

    fromChunk(series: readonly Series[]): EngineRow[] {
        const keyed = series
            .map((s) => ({ s, key: this.keyOf(s) }))
            .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
        const seen = new Set<string>();
        const rows: { ms: number; order: number; row: EngineRow }[] = [];
        keyed.forEach(({ s, key }, order) => {
            if (seen.has(key)) throw this.indistinct(s);
            seen.add(key);
            const labelValues = this.labels.map((name) => s.metric[name] ?? null);
            for (const [seconds, text] of s.values) {
                const ms = Math.round(seconds * 1000);
                this.checkGap(s, key, ms);
                rows.push({ ms, order, row: [ms, ...labelValues, this.value(text, rows.length + 1)] });
            }
        });
        rows.sort((a, b) => a.ms - b.ms || a.order - b.order);
        return rows.map((r) => r.row);
    }

    /** The series' identity as the columns see it; a label outside the columns fails (rows would mix). */
    private keyOf(series: Series): string {
        if (this.known) {
            const extra = Object.keys(series.metric).find((name) => !this.known!.has(name));
            if (extra !== undefined) {
                throw new EngineQueryError(
                    this.context,
                    `a later part of the range has a series with the label "${extra}", which the first part had not`,
                    '',
                    'Declare the labels the source uses as columns, or aggregate them away (sum by (…)).',
                );
            }
        }
        return JSON.stringify(this.labels.map((name) => series.metric[name] ?? null));
    }

    private indistinct(series: Series): EngineError {
        return new EngineQueryError(
            this.context,
            `several series have the same ${this.labels.length ? `labels ${this.labels.join(', ')}` : 'labels'} (${seriesName(series)}), so their rows could not be told apart`,
            '',
            'Declare the label that distinguishes them as a column, or aggregate them (sum by (…)).',
        );
    }

    private checkGap(series: Series, key: string, ms: number): void {
        const last = this.lastStepOf.get(key);
        this.lastStepOf.set(key, ms);
        const step = this.request.stepMs;
        if (last === undefined || ms - last <= step || this.request.gaps === 'keep') return;
        const missing = Math.round((ms - last) / step) - 1;
        throw new EngineSeriesGapError(
            this.context,
            `series ${seriesName(series)} has no value from ${iso(last + step)} to ${iso(ms - step)} (${missing} step${missing === 1 ? '' : 's'} of ${step / 1000} s)`,
            '',
            'Check the scrape target for that time, or let the source keep gaps (they then count as missing samples).',
        );
    }

    private value(text: string, rowNumber: number): number | boolean {
        if (this.valueIsBoolean) {
            if (text === '1' || text === '0') return text === '1';
            throw badValue(this.context, VALUE_RESULT_COLUMN, rowNumber, text, 'a boolean (0 or 1)');
        }
        if (text === '+Inf') return Infinity;
        if (text === '-Inf') return -Infinity;
        const value = Number(text);
        if (Number.isNaN(value) && text !== 'NaN')
            throw badValue(this.context, VALUE_RESULT_COLUMN, rowNumber, text, 'a number');
        return value;
    }
}

function seriesName(series: Series): string {
    const { __name__: name = '', ...labels } = series.metric;
    return `${name}{${Object.entries(labels)
        .map(([k, v]) => `${k}="${v}"`)
        .join(', ')}}`;
}

function iso(ms: number): string {
    return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function serverError(
    context: EngineErrorContext,
    status: number,
    errorType: string | undefined,
    message: string,
    timed: TimedRequest,
): EngineError {
    if (status === 401 || status === 403) {
        return new EngineAuthenticationError(
            context,
            'authentication failed',
            message,
            'Check the user and the password in the environment variable of this connection.',
        );
    }
    if (errorType === 'bad_data')
        return new EngineQuerySyntaxError(
            context,
            'the server rejects the query',
            message,
            'Correct the PromQL of the source.',
        );
    if (errorType === 'timeout' || errorType === 'canceled') {
        return new EngineTimeoutError(
            context,
            `the query did not finish within ${timed.deadline.timeoutMs} ms`,
            message,
            'Narrow the range or raise the source timeout.',
        );
    }
    return new EngineQueryError(
        context,
        `the query failed (HTTP ${status}${errorType ? `, ${errorType}` : ''})`,
        message,
        'Correct the query or check the server.',
    );
}
