/**
 * PostgreSQL: each query runs in its own READ ONLY transaction, in UTC with ISO intervals, and
 * streams through a server-side cursor (pg-cursor), so memory stays flat in the row count. Values
 * arrive as text and are read by the same parsers as the file readers.
 */
import pg from 'pg';
import Cursor from 'pg-cursor';
import { errorContext, type ConnectionSettings } from './connections.js';
import { textDecoder, zoneOf, type ValueDecoder } from './decode.js';
import {
    EngineAuthenticationError,
    EngineColumnTypeError,
    EngineConfigError,
    EngineConnectionRefusedError,
    EngineError,
    EngineQueryError,
    EngineQuerySyntaxError,
    EngineReadOnlyError,
    EngineTimeoutError,
    type EngineErrorContext,
} from './errors.js';
import { rowStream, startDeadline, type Deadline } from './stream.js';
import {
    DEFAULT_BATCH_SIZE,
    DEFAULT_TIMEOUT_MS,
    checkExpectedColumns,
    type EngineClient,
    type EngineRow,
    type QueryOptions,
    type ResultColumn,
    type RowStream,
    type ValueKind,
} from './types.js';

/** Type OIDs (pg_type.oid, fixed for built-in types) → name and kind. */
const TYPES: Record<number, readonly [string, ValueKind]> = {
    16: ['boolean', 'boolean'],
    20: ['bigint', 'number'],
    21: ['smallint', 'number'],
    23: ['integer', 'number'],
    26: ['oid', 'number'],
    700: ['real', 'number'],
    701: ['double precision', 'number'],
    1700: ['numeric', 'number'],
    18: ['char', 'text'],
    19: ['name', 'text'],
    25: ['text', 'text'],
    1042: ['character', 'text'],
    1043: ['character varying', 'text'],
    2950: ['uuid', 'text'],
    1114: ['timestamp without time zone', 'time'],
    1184: ['timestamp with time zone', 'time'],
    1186: ['interval', 'duration'],
    1082: ['date', 'other'],
};
const INTEGER_TYPES = new Set(['bigint', 'smallint', 'integer', 'oid']);
const LOCAL_TIMESTAMP = 'timestamp without time zone';

/** Every value as the server's text: parsing is ours, exact and the same as for files. */
const RAW_TEXT = { getTypeParser: () => (text: string) => text };

export interface PostgresClientOptions {
    /** Time to open a connection, in ms. Default 10 000. */
    readonly connectTimeoutMs?: number;
    readonly maxConnections?: number;
}

export class PostgresClient implements EngineClient<string> {
    readonly engine = 'postgres';
    private readonly pool: pg.Pool;

    constructor(
        private readonly settings: ConnectionSettings,
        options: PostgresClientOptions = {},
    ) {
        this.pool = new pg.Pool({
            connectionString: connectionString(settings),
            connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
            max: options.maxConnections ?? 4,
            application_name: 'sla',
        });
        // An idle pooled connection that the server drops must not crash the process.
        this.pool.on('error', () => undefined);
    }

    get connection(): string {
        return this.settings.name;
    }

    async query(sql: string, options: QueryOptions = {}): Promise<RowStream> {
        const context = errorContext(this.settings, options.source);
        const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
        let client: pg.PoolClient | undefined;
        let released = false;
        const release = (destroy: boolean): void => {
            if (released || !client) return;
            released = true;
            client.release(destroy);
        };
        // Ending the connection is the one way to stop a cursor read that waits on the server.
        const deadline = startDeadline(timeoutMs, () => release(true));
        const fail = (error: unknown): never => {
            deadline.clear();
            release(true);
            throw toEngineError(context, error, deadline);
        };
        try {
            client = await this.pool.connect();
        } catch (error) {
            return fail(error);
        }
        try {
            await client.query(
                `BEGIN TRANSACTION READ ONLY; SET LOCAL statement_timeout = ${Math.ceil(timeoutMs)};` +
                    ` SET LOCAL TimeZone = 'UTC'; SET LOCAL IntervalStyle = 'iso_8601'`,
            );
            const cursor = client.query(new Cursor(sql, [], { rowMode: 'array', types: RAW_TEXT }));
            const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
            const read = (): Promise<{ rows: (string | null)[][]; fields: pg.FieldDef[] }> =>
                new Promise((resolve, reject) =>
                    cursor.read(batchSize, (error, rows, result) =>
                        error ? reject(error) : resolve({ rows: rows as (string | null)[][], fields: result.fields }),
                    ),
                );
            const first = await read();
            const columns = first.fields.map(resultColumn);
            checkExpectedColumns(context, columns, options.expect, (c) => INTEGER_TYPES.has(c.engineType));
            const decode = rowDecoder(context, columns, options);
            let rowNumber = 0;
            const decodeBatch = (rows: (string | null)[][]): EngineRow[] => rows.map((row) => decode(row, ++rowNumber));
            const firstRows = decodeBatch(first.rows);
            const openClient = client;
            let done = first.rows.length < batchSize;
            return rowStream(
                columns,
                firstRows,
                async () => {
                    if (done) return undefined;
                    try {
                        const { rows } = await read();
                        done = rows.length < batchSize;
                        return decodeBatch(rows);
                    } catch (error) {
                        return fail(error);
                    }
                },
                async () => {
                    deadline.clear();
                    if (released) return;
                    try {
                        await cursor.close();
                        await openClient.query('ROLLBACK');
                        release(false);
                    } catch {
                        release(true);
                    }
                },
            );
        } catch (error) {
            return fail(error);
        }
    }

    async close(): Promise<void> {
        await this.pool.end();
    }
}

/** The URL with user, password and database put back: pg lets the URL's fields override separate ones. */
function connectionString(settings: ConnectionSettings): string {
    const url = new URL(settings.url);
    if (settings.user !== undefined) url.username = encodeURIComponent(settings.user);
    if (settings.password !== undefined) url.password = encodeURIComponent(settings.password);
    if (settings.database !== undefined) url.pathname = `/${encodeURIComponent(settings.database)}`;
    return url.toString();
}

function resultColumn(field: pg.FieldDef): ResultColumn {
    const [engineType, kind] = TYPES[field.dataTypeID] ?? [`type oid ${field.dataTypeID}`, 'other'];
    return { name: field.name, engineType, kind };
}

function rowDecoder(
    context: EngineErrorContext,
    columns: readonly ResultColumn[],
    options: QueryOptions,
): (row: (string | null)[], rowNumber: number) => EngineRow {
    const decoders: ValueDecoder[] = columns.map((column) => {
        const declared = options.expect?.find((e) => e.name === column.name)?.kind;
        const local = column.engineType === LOCAL_TIMESTAMP && (declared ?? column.kind) === 'time';
        if (local && options.timeZone === undefined) {
            throw new EngineColumnTypeError(
                context,
                `column "${column.name}" is a timestamp without time zone`,
                '',
                "Declare the zone of the source, or return timestamptz (e.g. ts AT TIME ZONE 'Europe/Berlin').",
            );
        }
        const zone = local ? zoneOf(context, options.timeZone!) : undefined;
        return textDecoder(context, column, declared, { integer: INTEGER_TYPES.has(column.engineType), zone });
    });
    return (row, rowNumber) => row.map((text, i) => (text === null ? null : decoders[i](text, rowNumber)));
}

/** SQLSTATE classes and codes that need their own error. */
function toEngineError(context: EngineErrorContext, error: unknown, deadline: Deadline): EngineError {
    if (error instanceof EngineError) return error;
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: string }).code ?? '';
    if (deadline.expired || code === '57014') {
        return new EngineTimeoutError(
            context,
            `the query did not finish within ${deadline.timeoutMs} ms`,
            code === '57014' ? message : '',
            'Narrow the query (a shorter range, fewer columns) or raise the source timeout.',
        );
    }
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH') {
        return new EngineConnectionRefusedError(
            context,
            'cannot connect to the server',
            message,
            'Check that the server runs and that the host and port of the connection are right.',
        );
    }
    if (/timeout expired|connection timeout/i.test(message)) {
        return new EngineTimeoutError(
            context,
            'the connection was not established in time',
            message,
            'Check the host and the network.',
        );
    }
    if (code === '28P01' || code === '28000') {
        return new EngineAuthenticationError(
            context,
            'authentication failed',
            message,
            'Check the user and the password in the environment variable of this connection.',
        );
    }
    if (code === '3D000') {
        return new EngineConfigError(
            context,
            'the database does not exist',
            message,
            'Correct the database of the connection.',
        );
    }
    if (code === '42601') {
        const at = (error as { position?: string }).position;
        return new EngineQuerySyntaxError(
            context,
            `syntax error in the query${at ? ` at character ${at}` : ''}`,
            message,
            'Correct the SQL of the source.',
        );
    }
    if (code === '25006') {
        return new EngineReadOnlyError(
            context,
            'the query tries to write, but sources are read only',
            message,
            'A source query may only read (SELECT).',
        );
    }
    return new EngineQueryError(context, 'the query failed', message, 'Correct the query or the database it reads.');
}
