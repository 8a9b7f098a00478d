/**
 * Low-level clients for the data engines. Each engine's module (and its driver) is loaded only
 * when a connection of that engine is opened, so that a run over CSV files pays for none of them.
 */
import type { ClickHouseClient } from './clickhouse.js';
import type { ConnectionSettings } from './connections.js';
import type { DuckDbClient, DuckDbOpenOptions } from './duckdb.js';
import type { PostgresClient } from './postgres.js';
import type { PrometheusClient } from './prometheus.js';

export * from './errors.js';
export type * from './types.js';
export { CONFIG_FILE_NAME, connectionEnvVariable, resolveConnection, type ConnectionSettings } from './connections.js';
export type { ClickHouseClient } from './clickhouse.js';
export type { DuckDbClient, DuckDbOpenOptions } from './duckdb.js';
export type { PostgresClient } from './postgres.js';
export type { PrometheusClient, PromRangeQuery } from './prometheus.js';

export type AnyEngineClient = PostgresClient | ClickHouseClient | PrometheusClient | DuckDbClient;

/** A client for the connection; `duckdb` options apply to a DuckDB connection only. */
export async function openEngineClient(
    settings: ConnectionSettings,
    options: { readonly duckdb?: DuckDbOpenOptions } = {},
): Promise<AnyEngineClient> {
    switch (settings.engine) {
        case 'postgres':
            return new (await import('./postgres.js')).PostgresClient(settings);
        case 'clickhouse':
            return new (await import('./clickhouse.js')).ClickHouseClient(settings);
        case 'prometheus':
            return new (await import('./prometheus.js')).PrometheusClient(settings);
        case 'duckdb':
            return (await import('./duckdb.js')).DuckDbClient.open(settings, options.duckdb);
    }
}
