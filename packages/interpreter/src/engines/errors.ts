/**
 * Failures of a database or Prometheus source. Each kind is a class with a stable code, and every
 * message names the source and the connection and carries the server's own words, so that a user
 * can act on it without a debugger. Credentials never appear: connections are described by
 * `describeConnection`, which leaves passwords out.
 */
export type EngineKind = 'postgres' | 'clickhouse' | 'prometheus' | 'duckdb';

export const ENGINE_NAMES: Record<EngineKind, string> = {
    postgres: 'PostgreSQL',
    clickhouse: 'ClickHouse',
    prometheus: 'Prometheus',
    duckdb: 'DuckDB',
};

export type EngineErrorCode =
    | 'sla/engine-connection-config'
    | 'sla/engine-connection-refused'
    | 'sla/engine-authentication-failed'
    | 'sla/engine-query-syntax'
    | 'sla/engine-query-failed'
    | 'sla/engine-read-only'
    | 'sla/engine-timeout'
    | 'sla/engine-missing-column'
    | 'sla/engine-column-type'
    | 'sla/engine-series-gap'
    | 'sla/engine-unavailable';

/** Where a failure happened: the data source (when a contract's source ran the query) and the connection. */
export interface EngineErrorContext {
    /** Unknown while the connection is not resolved yet. */
    readonly engine?: EngineKind;
    /** Name of the connection, e.g. `warehouse`. */
    readonly connection: string;
    /** Host and port or file, without credentials, e.g. `127.0.0.1:5432/sla`; empty when not resolved. */
    readonly target: string;
    /** Name of the data source in the contract, when known. */
    readonly source?: string;
}

export abstract class EngineError extends Error {
    abstract readonly code: EngineErrorCode;

    constructor(
        readonly context: EngineErrorContext,
        /** What went wrong, in our words. */
        readonly problem: string,
        /** The server's (or driver's) own message, verbatim; empty when there is none. */
        readonly serverMessage: string,
        /** What the user can do about it. */
        readonly hint: string,
    ) {
        const server = serverMessage ? `: ${serverMessage.replace(/\.\s*$/, '')}` : '';
        super(`${describeContext(context)}: ${problem}${server}. ${hint}`);
    }
}

/** `source probes (PostgreSQL connection "warehouse", 127.0.0.1:5432/sla)`. */
export function describeContext(context: EngineErrorContext): string {
    const engine = context.engine ? `${ENGINE_NAMES[context.engine]} ` : '';
    const target = context.target ? `, ${context.target}` : '';
    const where = `${engine}connection "${context.connection}"${target}`;
    return context.source ? `source ${context.source} (${where})` : where;
}

/** A connection that cannot be resolved: unknown name, malformed URL, a password written in a file. */
export class EngineConfigError extends EngineError {
    readonly code = 'sla/engine-connection-config';
    override readonly name = 'EngineConfigError';
}

export class EngineConnectionRefusedError extends EngineError {
    readonly code = 'sla/engine-connection-refused';
    override readonly name = 'EngineConnectionRefusedError';
}

export class EngineAuthenticationError extends EngineError {
    readonly code = 'sla/engine-authentication-failed';
    override readonly name = 'EngineAuthenticationError';
}

export class EngineQuerySyntaxError extends EngineError {
    readonly code = 'sla/engine-query-syntax';
    override readonly name = 'EngineQuerySyntaxError';
}

/** Any other failure the server reported while running the query (unknown table, out of memory…). */
export class EngineQueryError extends EngineError {
    readonly code = 'sla/engine-query-failed';
    override readonly name = 'EngineQueryError';
}

/** The query tried to write: sources are read-only. */
export class EngineReadOnlyError extends EngineError {
    readonly code = 'sla/engine-read-only';
    override readonly name = 'EngineReadOnlyError';
}

export class EngineTimeoutError extends EngineError {
    readonly code = 'sla/engine-timeout';
    override readonly name = 'EngineTimeoutError';
}

export class EngineMissingColumnError extends EngineError {
    readonly code = 'sla/engine-missing-column';
    override readonly name = 'EngineMissingColumnError';
}

/** A column whose type, or a value that, does not fit what the source declares. */
export class EngineColumnTypeError extends EngineError {
    readonly code = 'sla/engine-column-type';
    override readonly name = 'EngineColumnTypeError';
}

/** A Prometheus series with missing steps inside the requested range. */
export class EngineSeriesGapError extends EngineError {
    readonly code = 'sla/engine-series-gap';
    override readonly name = 'EngineSeriesGapError';
}

/** The engine's driver is not installed (the optional DuckDB binding). */
export class EngineUnavailableError extends EngineError {
    readonly code = 'sla/engine-unavailable';
    override readonly name = 'EngineUnavailableError';
}
