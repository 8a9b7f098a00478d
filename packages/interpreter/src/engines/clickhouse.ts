/**
 * ClickHouse over its HTTP interface with plain fetch: one POST per query with `readonly=1` and
 * `max_execution_time`, the result streamed as TabSeparatedWithNamesAndTypes. Kept to what
 * ClickHouse 18.16 (Debian 12) already accepts, so that it works from there to current versions.
 *
 * A user whose profile is already read-only may not set any setting (18.16: "Cannot override
 * setting (max_execution_time) in readonly mode"); the client then asks again without settings,
 * which is safe because that answer proves the server enforces read-only, and remembers it.
 */
import { errorContext, type ConnectionSettings } from './connections.js';
import { INLINE_EXCEPTION, LineSplitter, readType, unescapeField, type ClickHouseType } from './clickhouse-format.js';
import { textDecoder, zoneOf, type ValueDecoder } from './decode.js';
import {
    EngineAuthenticationError,
    EngineQueryError,
    EngineQuerySyntaxError,
    EngineReadOnlyError,
    EngineTimeoutError,
    type EngineError,
    type EngineErrorContext,
} from './errors.js';
import { basicAuthorization, networkError, send, timedRequest, type TimedRequest } from './http.js';
import { rowStream } from './stream.js';
import {
    DEFAULT_BATCH_SIZE,
    DEFAULT_TIMEOUT_MS,
    checkExpectedColumns,
    type EngineClient,
    type EngineRow,
    type QueryOptions,
    type ResultColumn,
    type RowStream,
} from './types.js';

const FORMAT = 'TabSeparatedWithNamesAndTypes';

export class ClickHouseClient implements EngineClient<string> {
    readonly engine = 'clickhouse';
    /** False once the server said that this user may not change settings (its profile is read-only). */
    private sendsSettings = true;
    private serverZone: Promise<string> | undefined;

    constructor(private readonly settings: ConnectionSettings) {}

    get connection(): string {
        return this.settings.name;
    }

    async query(sql: string, options: QueryOptions = {}): Promise<RowStream> {
        const context = errorContext(this.settings, options.source);
        const timed = timedRequest(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
        try {
            const response = await this.post(context, `${statementOf(context, sql)}\nFORMAT ${FORMAT}`, timed);
            return await this.readResult(context, response, options, timed);
        } catch (error) {
            timed.deadline.clear();
            throw networkError(context, error, timed.deadline);
        }
    }

    async close(): Promise<void> {
        // fetch pools its own sockets; there is nothing of ours to close.
    }

    /** The zone that DateTime columns without one are written in. */
    private zoneOfServer(context: EngineErrorContext): Promise<string> {
        this.serverZone ??= (async () => {
            const timed = timedRequest(DEFAULT_TIMEOUT_MS);
            try {
                const response = await this.post(context, 'SELECT timezone()', timed);
                return (await response.text()).trim();
            } catch (error) {
                this.serverZone = undefined;
                throw error;
            } finally {
                timed.deadline.clear();
            }
        })();
        return this.serverZone;
    }

    private async post(context: EngineErrorContext, body: string, timed: TimedRequest): Promise<Response> {
        const response = await send(context, this.urlFor(timed), this.requestInit(body), timed);
        if (response.ok) return response;
        const message = (await response.text()).trim();
        if (this.sendsSettings && /Cannot (override|modify) .*setting.* in readonly mode/i.test(message)) {
            this.sendsSettings = false;
            return this.post(context, body, timed);
        }
        throw serverError(context, response.status, message, timed);
    }

    private urlFor(timed: TimedRequest): string {
        const params = new URLSearchParams();
        if (this.settings.database) params.set('database', this.settings.database);
        if (this.sendsSettings) {
            params.set('readonly', '1');
            params.set('max_execution_time', String(Math.max(1, Math.ceil(timed.deadline.timeoutMs / 1000))));
        }
        const query = params.toString();
        return `${this.settings.url}/${query ? `?${query}` : ''}`;
    }

    private requestInit(body: string): RequestInit {
        return { method: 'POST', body, headers: basicAuthorization(this.settings.user, this.settings.password) };
    }

    private async readResult(
        context: EngineErrorContext,
        response: Response,
        options: QueryOptions,
        timed: TimedRequest,
    ): Promise<RowStream> {
        const reader = response.body!.getReader();
        const lines = new LineSplitter();
        const pending: string[] = [];
        let ended = false;
        /** The next complete line, or undefined at the end of the body. */
        const nextLine = async (): Promise<string | undefined> => {
            while (pending.length === 0 && !ended) {
                const { done, value } = await reader.read();
                if (done) {
                    ended = true;
                    const last = lines.finish();
                    if (last) pending.push(last);
                } else {
                    pending.push(...lines.push(value));
                }
            }
            const line = pending.shift();
            if (line !== undefined && INLINE_EXCEPTION.test(line)) {
                throw serverError(context, 500, line.slice(line.search(/Code: \d+/)), timed);
            }
            return line;
        };
        const names = await nextLine();
        const types = await nextLine();
        if (names === undefined || types === undefined) {
            throw new EngineQueryError(
                context,
                'the server sent no result header',
                '',
                'Check that the query is a SELECT.',
            );
        }
        const typeNames = types.split('\t').map((t) => unescapeField(t) ?? t);
        const columns: ResultColumn[] = names.split('\t').map((name, i) => ({
            name: unescapeField(name) ?? name,
            engineType: typeNames[i],
            kind: readType(typeNames[i]).kind,
        }));
        checkExpectedColumns(context, columns, options.expect, (c) => readType(c.engineType).integer);
        const decoders = await this.decoders(context, columns, options);
        const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
        let rowNumber = 0;
        const nextBatch = async (): Promise<EngineRow[] | undefined> => {
            const batch: EngineRow[] = [];
            while (batch.length < batchSize) {
                const line = await nextLine();
                if (line === undefined) break;
                batch.push(decodeLine(context, line, decoders, ++rowNumber));
            }
            return batch.length > 0 ? batch : undefined;
        };
        const next = () =>
            nextBatch().catch((error: unknown) => Promise.reject(networkError(context, error, timed.deadline)));
        return rowStream(columns, undefined, next, async () => {
            timed.deadline.clear();
            if (!ended) await reader.cancel().catch(() => undefined);
        });
    }

    private async decoders(
        context: EngineErrorContext,
        columns: readonly ResultColumn[],
        options: QueryOptions,
    ): Promise<ValueDecoder[]> {
        const types = columns.map((c) => readType(c.engineType));
        const needsServerZone = types.some((t) => t.kind === 'time' && t.zone === undefined);
        const serverZone = needsServerZone ? await this.zoneOfServer(context) : undefined;
        return columns.map((column, i) => {
            const declared = options.expect?.find((e) => e.name === column.name)?.kind;
            return textDecoder(context, column, declared, settingsFor(context, types[i], serverZone));
        });
    }
}

function settingsFor(context: EngineErrorContext, type: ClickHouseType, serverZone: string | undefined) {
    if (type.kind !== 'time') return { integer: type.integer };
    const zone = type.zone ?? serverZone!;
    return { integer: false, zone: zoneOf(context, /^(Etc\/)?(UTC|UCT|Zulu|GMT)$/.test(zone) ? 'UTC' : zone) };
}

function decodeLine(
    context: EngineErrorContext,
    line: string,
    decoders: readonly ValueDecoder[],
    rowNumber: number,
): EngineRow {
    const fields = line.split('\t');
    if (fields.length !== decoders.length) {
        throw new EngineQueryError(
            context,
            `row ${rowNumber} has ${fields.length} fields, the header ${decoders.length}`,
            line.slice(0, 200),
            'The server sent a malformed result; check its log.',
        );
    }
    return fields.map((field, i) => {
        const text = unescapeField(field);
        return text === null ? null : decoders[i](text, rowNumber);
    });
}

/** The SQL without a trailing semicolon; a FORMAT clause of its own is refused (the client sets the format). */
function statementOf(context: EngineErrorContext, sql: string): string {
    const statement = sql.trim().replace(/;\s*$/, '');
    if (/\bFORMAT\s+\w+$/i.test(statement)) {
        throw new EngineQuerySyntaxError(
            context,
            'the query ends in a FORMAT clause',
            '',
            'Remove it: the client chooses the format it reads.',
        );
    }
    return statement;
}

/** Maps ClickHouse's error codes (stable since long before 18.16) to our error classes. */
function serverError(context: EngineErrorContext, status: number, message: string, timed: TimedRequest): EngineError {
    const code = Number(/Code: (\d+)/.exec(message)?.[1] ?? 0);
    // The server quotes the query from the failing position: our FORMAT line is no part of the user's SQL.
    const text = message
        .replace(/, e\.what\(\) = DB::Exception$/, '')
        .replaceAll(`\nFORMAT ${FORMAT}`, '')
        .replace(/\s*\n\s*/g, ' ');
    if (status === 401 || status === 403 || code === 192 || code === 193 || code === 516) {
        return new EngineAuthenticationError(
            context,
            'authentication failed',
            text,
            'Check the user and the password in the environment variable of this connection.',
        );
    }
    if (code === 62)
        return new EngineQuerySyntaxError(context, 'syntax error in the query', text, 'Correct the SQL of the source.');
    if (code === 164) {
        return new EngineReadOnlyError(
            context,
            'the query tries to write, but sources are read only',
            text,
            'A source query may only read (SELECT).',
        );
    }
    if (code === 159 || code === 394) {
        return new EngineTimeoutError(
            context,
            `the query did not finish within ${timed.deadline.timeoutMs} ms`,
            text,
            'Narrow the query (a shorter range, fewer columns) or raise the source timeout.',
        );
    }
    return new EngineQueryError(
        context,
        `the query failed (HTTP ${status})`,
        text,
        'Correct the query or the tables it reads.',
    );
}
