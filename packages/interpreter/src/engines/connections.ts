/**
 * Named connections. A contract names a connection, never its address: the address comes from the
 * environment variable `SLA_<NAME>_URL` or from `sla.config.json` beside the agreement, and a
 * password only ever from the environment (the URL in the variable, or the variable that
 * `passwordEnv` names). The variable wins over the file, so CI can point a file's connection elsewhere.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { EngineConfigError, type EngineErrorContext, type EngineKind } from './errors.js';

export const CONFIG_FILE_NAME = 'sla.config.json';

export interface ConnectionSettings {
    readonly name: string;
    readonly engine: EngineKind;
    /** PostgreSQL: a `postgres://` URL; ClickHouse, Prometheus: the http(s) base URL; DuckDB: an absolute file path or `:memory:`. Never with a password. */
    readonly url: string;
    readonly user?: string;
    readonly password?: string;
    /** PostgreSQL database (also in the URL) or ClickHouse default database. */
    readonly database?: string;
    /** Where the settings came from, e.g. `environment variable SLA_PG_URL`. */
    readonly origin: string;
}

interface FileConnection {
    readonly engine?: string;
    readonly url?: string;
    readonly path?: string;
    readonly user?: string;
    readonly database?: string;
    readonly passwordEnv?: string;
}

const SCHEMES: Record<string, { engine: EngineKind; http?: 'http' | 'https' }> = {
    'postgres:': { engine: 'postgres' },
    'postgresql:': { engine: 'postgres' },
    'clickhouse:': { engine: 'clickhouse', http: 'http' },
    'clickhouse+http:': { engine: 'clickhouse', http: 'http' },
    'clickhouse+https:': { engine: 'clickhouse', http: 'https' },
    'prometheus:': { engine: 'prometheus', http: 'http' },
    'prometheus+http:': { engine: 'prometheus', http: 'http' },
    'prometheus+https:': { engine: 'prometheus', http: 'https' },
    'duckdb:': { engine: 'duckdb' },
};

const ENGINES: readonly EngineKind[] = ['postgres', 'clickhouse', 'prometheus', 'duckdb'];

/** `warehouse` → `SLA_WAREHOUSE_URL`, `pg` → `SLA_PG_URL`. */
export function connectionEnvVariable(name: string): string {
    return `SLA_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_URL`;
}

export interface ResolveOptions {
    /** Directory of the `.sla` file: `sla.config.json` and relative DuckDB paths are looked up there. */
    readonly configDir: string;
    readonly env?: Readonly<Record<string, string | undefined>>;
}

export async function resolveConnection(name: string, options: ResolveOptions): Promise<ConnectionSettings> {
    const env = options.env ?? process.env;
    const variable = connectionEnvVariable(name);
    const fromFile = await readFileConnection(name, options.configDir);
    const fromEnv = env[variable];
    if (fromEnv !== undefined && fromEnv !== '') {
        return settingsFromUrl(name, fromEnv, `environment variable ${variable}`, fromFile, options.configDir, env);
    }
    if (!fromFile) {
        throw configError(
            name,
            `no connection "${name}": neither the environment variable ${variable} nor ${CONFIG_FILE_NAME} defines it`,
            `Set ${variable} (e.g. postgres://user@host:5432/db) or add "${name}" under "connections" in ${CONFIG_FILE_NAME} beside the agreement.`,
        );
    }
    const origin = `${CONFIG_FILE_NAME} connection "${name}"`;
    const address = fromFile.url ?? (fromFile.path !== undefined ? `duckdb:${fromFile.path}` : undefined);
    if (address === undefined) {
        throw configError(
            name,
            `${origin} has neither "url" nor "path"`,
            'Give the server URL or the DuckDB file path.',
        );
    }
    return settingsFromUrl(name, address, origin, fromFile, options.configDir, env);
}

async function readFileConnection(name: string, configDir: string): Promise<FileConnection | undefined> {
    const path = join(configDir, CONFIG_FILE_NAME);
    let text: string;
    try {
        text = await readFile(path, 'utf8');
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw configError(name, `${CONFIG_FILE_NAME} cannot be read`, String((error as Error).message));
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (error) {
        throw configError(
            name,
            `${CONFIG_FILE_NAME} is not valid JSON (${(error as Error).message})`,
            'Correct the file.',
        );
    }
    const connections = (parsed as { connections?: Record<string, unknown> } | null)?.connections;
    const entry = connections?.[name];
    if (entry === undefined) return undefined;
    if (typeof entry !== 'object' || entry === null) {
        throw configError(
            name,
            `connection "${name}" in ${CONFIG_FILE_NAME} is not an object`,
            'Write it as { "engine": …, "url": … }.',
        );
    }
    if ('password' in entry) {
        throw configError(
            name,
            `connection "${name}" in ${CONFIG_FILE_NAME} holds a password`,
            'Remove it and name an environment variable that holds it: "passwordEnv": "MY_DB_PASSWORD".',
        );
    }
    return entry as FileConnection;
}

function settingsFromUrl(
    name: string,
    address: string,
    origin: string,
    file: FileConnection | undefined,
    configDir: string,
    env: Readonly<Record<string, string | undefined>>,
): ConnectionSettings {
    const engine = engineOf(name, address, origin, file?.engine);
    const password = passwordFrom(name, file, env);
    if (engine === 'duckdb') {
        const path = address.replace(/^duckdb:(\/\/)?/, '');
        const absolute = path === ':memory:' || isAbsolute(path) ? path : resolve(configDir, path);
        return { name, engine, url: absolute, origin };
    }
    const url = parseUrl(name, address, origin);
    if (url.password && origin.startsWith(CONFIG_FILE_NAME)) {
        throw configError(
            name,
            `${origin} has a password in its URL`,
            'Remove it from the file and name an environment variable that holds it with "passwordEnv".',
        );
    }
    const user = decodeURIComponent(url.username) || file?.user;
    const secret = decodeURIComponent(url.password) || password;
    url.username = '';
    url.password = '';
    if (engine === 'postgres') {
        const database = file?.database ?? (decodeURIComponent(url.pathname.slice(1)) || undefined);
        return { name, engine, url: url.toString(), user, password: secret, database, origin };
    }
    const scheme = SCHEMES[url.protocol]?.http ?? url.protocol.replace(':', '');
    const base = `${scheme}://${url.host}${url.pathname.replace(/\/$/, '')}`;
    return { name, engine, url: base, user, password: secret, database: file?.database, origin };
}

function engineOf(name: string, address: string, origin: string, declared: string | undefined): EngineKind {
    if (declared !== undefined) {
        if (!(ENGINES as readonly string[]).includes(declared)) {
            throw configError(name, `${origin} names engine "${declared}"`, `Use one of: ${ENGINES.join(', ')}.`);
        }
        return declared as EngineKind;
    }
    const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(address)?.[0].toLowerCase();
    const known = scheme === undefined ? undefined : SCHEMES[scheme];
    if (!known) {
        throw configError(
            name,
            `${origin}: cannot tell the engine from "${scheme ?? address.slice(0, 20)}"`,
            'Start the URL with postgres://, clickhouse+http(s)://, prometheus+http(s):// or duckdb:, or give "engine" in the config file.',
        );
    }
    return known.engine;
}

function parseUrl(name: string, address: string, origin: string): URL {
    try {
        return new URL(address);
    } catch {
        throw configError(name, `${origin} is not a URL`, 'Write it as scheme://host:port/path.');
    }
}

function passwordFrom(
    name: string,
    file: FileConnection | undefined,
    env: Readonly<Record<string, string | undefined>>,
): string | undefined {
    if (file?.passwordEnv === undefined) return undefined;
    const value = env[file.passwordEnv];
    if (value === undefined) {
        throw configError(
            name,
            `connection "${name}" takes its password from the environment variable ${file.passwordEnv}, which is not set`,
            `Set ${file.passwordEnv}.`,
        );
    }
    return value;
}

function configError(name: string, problem: string, hint: string): EngineConfigError {
    return new EngineConfigError({ connection: name, target: '' }, problem, '', hint);
}

/** Host, port and database or file, for messages: never the user or password. */
export function connectionTarget(settings: ConnectionSettings): string {
    if (settings.engine === 'duckdb') return settings.url;
    const url = new URL(settings.url);
    if (settings.engine !== 'postgres') return `${url.host}${url.pathname.replace(/\/$/, '')}`;
    const database = settings.database ?? decodeURIComponent(url.pathname.slice(1));
    return database ? `${url.host}/${database}` : url.host;
}

export function errorContext(settings: ConnectionSettings, source?: string): EngineErrorContext {
    return { engine: settings.engine, connection: settings.name, target: connectionTarget(settings), source };
}
