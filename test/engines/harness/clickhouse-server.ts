// ClickHouse servers from a generated config in a temp dir, listening on 127.0.0.1 only. The
// cluster is two server processes, each one shard, and both know the cluster `sla_two_shards`
// (remote_servers), so a Distributed table on either reaches both over the native TCP port.
//
// Debian 12 ships ClickHouse 18.16 (2018). Its config root element is <yandex> (current versions
// accept <clickhouse> and still read <yandex>), and it runs as root without complaint.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Availability } from './availability.js';
import { freePort, makeTempDir, removeTempDir, spawnServer, waitUntilReady, type RunningServer } from './processes.js';

export const CLUSTER = 'sla_two_shards';
/** A user whose profile is read-only (readonly=1), with a password: for the authentication tests. */
export const READER_USER = 'reader';
export const READER_PASSWORD = 'reader-secret';

export interface ClickHouseServer {
    readonly httpPort: number;
    readonly tcpPort: number;
    readonly dir: string;
    /** http://127.0.0.1:PORT */
    readonly url: string;
    /** Runs SQL as the `default` user (no settings of the client under test); returns the body. */
    exec(sql: string, body?: string): Promise<string>;
    stop(): Promise<void>;
}

interface Ports {
    readonly http: number;
    readonly tcp: number;
}

function configXml(dir: string, own: Ports, shards: readonly Ports[]): string {
    const shardXml = shards
        .map((s) => `<shard><replica><host>127.0.0.1</host><port>${s.tcp}</port></replica></shard>`)
        .join('');
    return `<?xml version="1.0"?>
<yandex>
    <logger><level>warning</level><log>${dir}/server.log</log><errorlog>${dir}/server.err.log</errorlog><console>0</console></logger>
    <listen_host>127.0.0.1</listen_host>
    <http_port>${own.http}</http_port>
    <tcp_port>${own.tcp}</tcp_port>
    <path>${dir}/data/</path>
    <tmp_path>${dir}/tmp/</tmp_path>
    <user_files_path>${dir}/user_files/</user_files_path>
    <format_schema_path>${dir}/format_schemas/</format_schema_path>
    <users_config>${dir}/users.xml</users_config>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <timezone>UTC</timezone>
    <mark_cache_size>67108864</mark_cache_size>
    <uncompressed_cache_size>67108864</uncompressed_cache_size>
    <max_concurrent_queries>50</max_concurrent_queries>
    <!-- On SIGTERM the server waits for open HTTP connections; fetch keeps them alive, and with the
         default of 3 s a stop took 7.5 s. A 1-second idle limit makes it take well under one. -->
    <keep_alive_timeout>1</keep_alive_timeout>
    <remote_servers><${CLUSTER}>${shardXml}</${CLUSTER}></remote_servers>
</yandex>
`;
}

const USERS_XML = `<?xml version="1.0"?>
<yandex>
    <profiles>
        <default><max_memory_usage>1000000000</max_memory_usage><max_threads>2</max_threads></default>
        <readonly><readonly>1</readonly><max_threads>2</max_threads></readonly>
    </profiles>
    <users>
        <default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default>
        <${READER_USER}><password>${READER_PASSWORD}</password><networks><ip>127.0.0.1</ip></networks><profile>readonly</profile><quota>default</quota></${READER_USER}>
    </users>
    <quotas><default></default></quotas>
</yandex>
`;

async function spawnClickHouse(
    availability: Availability,
    label: string,
    own: Ports,
    shards: readonly Ports[],
): Promise<ClickHouseServer> {
    const dir = makeTempDir(label);
    for (const sub of ['data', 'tmp', 'user_files', 'format_schemas']) mkdirSync(join(dir, sub));
    writeFileSync(join(dir, 'config.xml'), configXml(dir, own, shards));
    writeFileSync(join(dir, 'users.xml'), USERS_XML);
    const server = spawnServer({
        name: label,
        dir,
        command: availability.programs['clickhouse-server'],
        args: [`--config-file=${join(dir, 'config.xml')}`],
    });
    const url = `http://127.0.0.1:${own.http}`;
    const exec = (sql: string, body?: string) => clickhouseExec(url, sql, body);
    try {
        await waitUntilReady(server, async () => (await exec('SELECT 1')).trim() === '1');
    } catch (error) {
        await stopAndRemove(server, dir);
        throw error;
    }
    return { httpPort: own.http, tcpPort: own.tcp, dir, url, exec, stop: () => stopAndRemove(server, dir) };
}

async function allocatePorts(count: number): Promise<Ports[]> {
    const ports = new Set<number>();
    while (ports.size < count * 2) ports.add(await freePort());
    const list = [...ports];
    return Array.from({ length: count }, (_, i) => ({ http: list[2 * i], tcp: list[2 * i + 1] }));
}

/** Two servers, shard 1 and shard 2, both with the cluster definition; stop them together with `stopCluster`. */
export async function startClickHouseCluster(
    availability: Availability,
): Promise<[ClickHouseServer, ClickHouseServer]> {
    const ports = await allocatePorts(2);
    const results = await Promise.allSettled(
        ports.map((own, i) => spawnClickHouse(availability, `clickhouse-shard${i + 1}`, own, ports)),
    );
    const started = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) {
        await Promise.all(started.map((s) => s.stop()));
        throw failed.reason;
    }
    return [started[0], started[1]];
}

export async function stopCluster(servers: readonly (ClickHouseServer | undefined)[]): Promise<void> {
    await Promise.all(servers.map((s) => s?.stop()));
}

/** POSTs SQL (and an optional body after it, for INSERT … FORMAT) as the default user. */
export async function clickhouseExec(url: string, sql: string, body?: string): Promise<string> {
    const target = body === undefined ? url : `${url}/?query=${encodeURIComponent(sql)}`;
    const response = await fetch(target, { method: 'POST', body: body ?? sql });
    const text = await response.text();
    if (!response.ok) throw new Error(`ClickHouse ${response.status}: ${text.trim()}\n${sql.slice(0, 200)}`);
    return text;
}

async function stopAndRemove(server: RunningServer, dir: string): Promise<void> {
    await server.stop();
    removeTempDir(dir);
}
