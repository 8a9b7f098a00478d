/**
 * DuckDB, in process: a database file opened READ_ONLY, or an in-memory database for queries over
 * Parquet, CSV and JSON files. The binding (`@duckdb/node-api`, a native module) is imported only
 * when a client is opened. A query must be one SELECT (or EXPLAIN): DuckDB's own statement type
 * decides, before anything runs, so COPY … TO, ATTACH or INSERT never reach the database.
 */
import type * as DuckDB from '@duckdb/node-api';
import type { ConnectionSettings } from './connections.js';
import { errorContext } from './connections.js';
import { zoneOf } from './decode.js';
import {
    EngineColumnTypeError,
    EngineConfigError,
    EngineError,
    EngineQueryError,
    EngineQuerySyntaxError,
    EngineReadOnlyError,
    EngineTimeoutError,
    EngineUnavailableError,
    type EngineErrorContext,
} from './errors.js';
import { rowStream, startDeadline, type Deadline } from './stream.js';
import { DAY_MS } from '../time.js';
import { parseNumberText } from '../values.js';
import {
    DEFAULT_BATCH_SIZE,
    DEFAULT_TIMEOUT_MS,
    badValue,
    checkExpectedColumns,
    type EngineClient,
    type EngineRow,
    type EngineValue,
    type QueryOptions,
    type ResultColumn,
    type RowStream,
    type ValueKind,
} from './types.js';

type Api = typeof DuckDB;
type Convert = (value: DuckDB.DuckDBValue, rowNumber: number) => EngineValue;

export interface DuckDbOpenOptions {
    /** Where relative file names in queries are looked up (DuckDB's file_search_path). */
    readonly baseDir?: string;
    /** When given, queries read files only below these directories (absolute paths). */
    readonly allowedDirectories?: readonly string[];
}

export class DuckDbClient implements EngineClient<string> {
    readonly engine = 'duckdb';

    private constructor(
        private readonly settings: ConnectionSettings,
        private readonly api: Api,
        private readonly instance: DuckDB.DuckDBInstance,
        private readonly db: DuckDB.DuckDBConnection,
    ) {}

    static async open(settings: ConnectionSettings, options: DuckDbOpenOptions = {}): Promise<DuckDbClient> {
        const context = errorContext(settings);
        const api = await loadBinding(context);
        const config: Record<string, string> = { autoinstall_known_extensions: 'false' };
        if (settings.url !== ':memory:') config.access_mode = 'READ_ONLY';
        if (options.baseDir) config.file_search_path = options.baseDir;
        let instance: DuckDB.DuckDBInstance;
        try {
            instance = await api.DuckDBInstance.create(settings.url, config);
        } catch (error) {
            throw new EngineConfigError(
                context,
                'the database cannot be opened',
                messageOf(error),
                'Check the path of the connection; the file must exist.',
            );
        }
        const db = await instance.connect();
        if (options.allowedDirectories) {
            // In this order: DuckDB refuses to change the allowed directories once external access is off.
            const list = options.allowedDirectories.map((d) => `'${d.replaceAll("'", "''")}'`).join(', ');
            await db.run(`SET allowed_directories = [${list}]`);
            await db.run('SET enable_external_access = false');
        }
        return new DuckDbClient(settings, api, instance, db);
    }

    get connection(): string {
        return this.settings.name;
    }

    async query(sql: string, options: QueryOptions = {}): Promise<RowStream> {
        const context = errorContext(this.settings, options.source);
        const deadline = startDeadline(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, () => this.db.interrupt());
        const fail = (error: unknown): never => {
            deadline.clear();
            throw toEngineError(context, error, deadline);
        };
        try {
            const statement = await this.prepareSelect(context, sql);
            const result = await statement.stream();
            const types = result.columnTypes();
            const columns: ResultColumn[] = result.columnNames().map((name, i) => ({
                name,
                engineType: types[i].toString(),
                kind: this.kindOf(types[i].typeId),
            }));
            const integer = (c: ResultColumn) => /^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?)$/.test(c.engineType);
            checkExpectedColumns(context, columns, options.expect, integer);
            const converts = columns.map((c, i) => this.converter(context, c, types[i].typeId, options, integer(c)));
            const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
            let rowNumber = 0;
            let ended = false;
            const pending: EngineRow[] = [];
            const next = async (): Promise<EngineRow[] | undefined> => {
                while (!ended && pending.length < batchSize) {
                    const chunk = await result.fetchChunk().catch(fail);
                    if (!chunk || chunk.rowCount === 0) {
                        ended = true;
                        break;
                    }
                    for (const values of chunk.getRows()) {
                        rowNumber++;
                        pending.push(values.map((v, i) => (v === null ? null : converts[i](v, rowNumber))));
                    }
                }
                return pending.length > 0 ? pending.splice(0, batchSize) : undefined;
            };
            return rowStream(columns, undefined, next, async () => deadline.clear());
        } catch (error) {
            return fail(error);
        }
    }

    async close(): Promise<void> {
        this.db.closeSync();
        this.instance.closeSync();
    }

    private async prepareSelect(context: EngineErrorContext, sql: string): Promise<DuckDB.DuckDBPreparedStatement> {
        const statements = await this.db.extractStatements(sql);
        if (statements.count !== 1) {
            throw new EngineQuerySyntaxError(
                context,
                `the query has ${statements.count} statements`,
                '',
                'Give exactly one SELECT.',
            );
        }
        const prepared = await statements.prepare(0);
        const { SELECT, EXPLAIN } = this.api.StatementType;
        if (prepared.statementType !== SELECT && prepared.statementType !== EXPLAIN) {
            const kind = this.api.StatementType[prepared.statementType] ?? String(prepared.statementType);
            throw new EngineReadOnlyError(
                context,
                `the query is a ${kind} statement, but sources are read only`,
                '',
                'A source query may only read (SELECT).',
            );
        }
        return prepared;
    }

    private kindOf(typeId: DuckDB.DuckDBTypeId): ValueKind {
        const T = this.api.DuckDBTypeId;
        const numbers = [T.TINYINT, T.SMALLINT, T.INTEGER, T.BIGINT, T.HUGEINT, T.UTINYINT, T.USMALLINT, T.UINTEGER];
        if ([...numbers, T.UBIGINT, T.UHUGEINT, T.FLOAT, T.DOUBLE, T.DECIMAL].includes(typeId)) return 'number';
        if (typeId === T.BOOLEAN) return 'boolean';
        if ([T.VARCHAR, T.UUID, T.ENUM].includes(typeId)) return 'text';
        if ([T.TIMESTAMP_TZ, T.TIMESTAMP, T.TIMESTAMP_S, T.TIMESTAMP_MS, T.TIMESTAMP_NS].includes(typeId))
            return 'time';
        if (typeId === T.INTERVAL) return 'duration';
        return 'other';
    }

    private converter(
        context: EngineErrorContext,
        column: ResultColumn,
        typeId: DuckDB.DuckDBTypeId,
        options: QueryOptions,
        integer: boolean,
    ): Convert {
        const declared = options.expect?.find((e) => e.name === column.name)?.kind;
        const base = this.baseConverter(context, column, typeId, options);
        if (declared !== 'boolean' || column.kind !== 'number' || !integer) return base;
        return (value, row) => {
            const n = base(value, row);
            if (n === 0 || n === 1) return n === 1;
            throw badValue(context, column, row, String(value), 'a boolean (or 0/1)');
        };
    }

    private baseConverter(
        context: EngineErrorContext,
        column: ResultColumn,
        typeId: DuckDB.DuckDBTypeId,
        options: QueryOptions,
    ): Convert {
        const T = this.api.DuckDBTypeId;
        const bad = (value: unknown, row: number, expected: string) =>
            badValue(context, column, row, String(value), expected);
        switch (typeId) {
            case T.BIGINT:
            case T.UBIGINT:
            case T.HUGEINT:
            case T.UHUGEINT:
                return (value, row) => {
                    const n = Number(value as bigint);
                    if (!Number.isSafeInteger(n)) throw bad(value, row, 'an integer of at most 2^53 in magnitude');
                    return n;
                };
            case T.DECIMAL:
                // The decimal's exact text, read like a number in a CSV file.
                return (value) => parseNumberText(String(value));
            case T.TIMESTAMP_TZ:
                return (value, row) => instantMs(value as DuckDB.DuckDBTimestampTZValue, row, bad);
            case T.TIMESTAMP:
            case T.TIMESTAMP_S:
            case T.TIMESTAMP_MS:
            case T.TIMESTAMP_NS:
                return localTimeConverter(context, column, options, bad);
            case T.INTERVAL:
                return (value, row) => {
                    const interval = value as DuckDB.DuckDBIntervalValue;
                    if (interval.months !== 0) throw bad(value, row, 'a duration of fixed length (no months)');
                    return interval.days * DAY_MS + Number(interval.micros / 1000n);
                };
            default:
                return column.kind === 'other' || column.kind === 'text'
                    ? (value) => String(value)
                    : (value) => value as EngineValue;
        }
    }
}

type Bad = (value: unknown, row: number, expected: string) => EngineError;

/** Milliseconds since the epoch of any DuckDB timestamp value (seconds, ms, µs or ns). */
function epochMs(value: DuckDB.DuckDBValue): { ms: number; finite: boolean } {
    const v = value as { seconds?: bigint; millis?: bigint; micros?: bigint; nanos?: bigint; isFinite?: boolean };
    const ms =
        v.seconds !== undefined
            ? v.seconds * 1000n
            : (v.millis ?? (v.micros !== undefined ? floorDiv(v.micros, 1000n) : floorDiv(v.nanos!, 1_000_000n)));
    return { ms: Number(ms), finite: v.isFinite !== false };
}

function floorDiv(a: bigint, b: bigint): bigint {
    const q = a / b;
    return a % b !== 0n && a < 0n ? q - 1n : q;
}

function instantMs(value: DuckDB.DuckDBValue, row: number, bad: Bad): number {
    const { ms, finite } = epochMs(value);
    if (!finite) throw bad(value, row, 'a finite timestamp');
    return ms;
}

/** TIMESTAMP without zone: local wall time in the declared zone; an hour that occurs twice is refused. */
function localTimeConverter(
    context: EngineErrorContext,
    column: ResultColumn,
    options: QueryOptions,
    bad: Bad,
): Convert {
    if (options.timeZone === undefined) {
        throw new EngineColumnTypeError(
            context,
            `column "${column.name}" is a ${column.engineType} without time zone`,
            '',
            "Declare the zone of the source, or return TIMESTAMPTZ (e.g. timezone('Europe/Berlin', ts)).",
        );
    }
    const zone = zoneOf(context, options.timeZone);
    return (value, row) => {
        const local = instantMs(value, row, bad);
        const { utc, ambiguous } = zone.readLocal(local);
        if (ambiguous) throw bad(value, row, `a local time that occurs once in ${zone.name}`);
        return utc;
    };
}

async function loadBinding(context: EngineErrorContext): Promise<Api> {
    try {
        return await import('@duckdb/node-api');
    } catch (error) {
        throw new EngineUnavailableError(
            context,
            'the DuckDB binding (@duckdb/node-api) cannot be loaded',
            messageOf(error),
            'Install it (npm install @duckdb/node-api); it is an optional dependency with a native module for this platform.',
        );
    }
}

function messageOf(error: unknown): string {
    return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

function toEngineError(context: EngineErrorContext, error: unknown, deadline: Deadline): EngineError {
    if (error instanceof EngineError) return error;
    const message = messageOf(error);
    if (deadline.expired || /^INTERRUPT Error/.test(message)) {
        return new EngineTimeoutError(
            context,
            `the query did not finish within ${deadline.timeoutMs} ms`,
            message,
            'Narrow the query or raise the source timeout.',
        );
    }
    if (/Parser Error/.test(message))
        return new EngineQuerySyntaxError(
            context,
            'syntax error in the query',
            message,
            'Correct the SQL of the source.',
        );
    if (/read-only mode|read only/i.test(message)) {
        return new EngineReadOnlyError(
            context,
            'the query tries to write, but sources are read only',
            message,
            'A source query may only read (SELECT).',
        );
    }
    return new EngineQueryError(
        context,
        'the query failed',
        message,
        'Correct the query or the files and tables it reads.',
    );
}
