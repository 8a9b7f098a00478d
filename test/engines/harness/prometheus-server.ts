// Prometheus over backfilled data: `promtool tsdb create-blocks-from openmetrics` turns generated
// samples into TSDB blocks in a temp dir, then Prometheus serves them on a loopback port with a
// config that scrapes nothing and basic authentication (so the auth error can be tested).
//
// Quirks of Debian's 2.42: the `lookback_delta` query parameter arrived in 2.43, so the lookback
// (default 5 min, which hides gaps shorter than that) is set on the command line, just under the
// sample interval (2.x counts a sample exactly one lookback old, so a full interval would fill a
// one-step hole); retention is counted back from the wall clock, so it is set long enough for 2025 data.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Availability } from './availability.js';
import { freePort, makeTempDir, removeTempDir, spawnServer, waitUntilReady } from './processes.js';

export const PROMETHEUS_USER = 'sla';
export const PROMETHEUS_PASSWORD = 'sla-test-secret';
// bcrypt (cost 4) of PROMETHEUS_PASSWORD, made once with Python's crypt.crypt(…, METHOD_BLOWFISH);
// Prometheus's web config takes only bcrypt hashes, and a low cost keeps every request fast.
const PASSWORD_BCRYPT = '$2b$04$IbdufO.WoEx4x9GM/rxms.RwtdEUosBbYlzBQFuDOKvktBEHaeuUq';

export interface PrometheusServer {
    readonly port: number;
    readonly dir: string;
    /** http://127.0.0.1:PORT */
    readonly url: string;
    readonly version: string;
    stop(): Promise<void>;
}

export interface PrometheusStart {
    /** OpenMetrics text (ending in `# EOF`) to backfill. */
    readonly openMetrics: string;
    /** --query.lookback-delta, e.g. `59s` for 1-minute samples. */
    readonly lookbackDelta: string;
}

export function basicAuthHeader(user = PROMETHEUS_USER, password = PROMETHEUS_PASSWORD): string {
    return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export async function startPrometheus(availability: Availability, start: PrometheusStart): Promise<PrometheusServer> {
    const dir = makeTempDir('prometheus');
    const tsdb = join(dir, 'tsdb');
    writeFileSync(join(dir, 'data.om'), start.openMetrics);
    writeFileSync(join(dir, 'prometheus.yml'), 'global:\n  evaluation_interval: 1h\nscrape_configs: []\n');
    writeFileSync(join(dir, 'web.yml'), `basic_auth_users:\n  ${PROMETHEUS_USER}: '${PASSWORD_BCRYPT}'\n`);
    try {
        await promisify(execFile)(availability.programs.promtool, [
            // The default 2-hour blocks make 96 for 8 days and take ~5 s; 10-day blocks take 0.3 s.
            ...['tsdb', 'create-blocks-from', 'openmetrics', '--max-block-duration=240h', join(dir, 'data.om'), tsdb],
        ]);
    } catch (error) {
        removeTempDir(dir);
        throw error;
    }
    const port = await freePort();
    const server = spawnServer({
        name: 'prometheus',
        dir,
        command: availability.programs.prometheus,
        args: [
            `--config.file=${join(dir, 'prometheus.yml')}`,
            `--web.config.file=${join(dir, 'web.yml')}`,
            `--storage.tsdb.path=${tsdb}`,
            '--storage.tsdb.retention.time=50y',
            `--web.listen-address=127.0.0.1:${port}`,
            `--query.lookback-delta=${start.lookbackDelta}`,
            '--log.level=warn',
        ],
    });
    const url = `http://127.0.0.1:${port}`;
    const stop = async () => {
        await server.stop();
        removeTempDir(dir);
    };
    try {
        const headers = { authorization: basicAuthHeader() };
        await waitUntilReady(server, async () => (await fetch(`${url}/-/ready`, { headers })).ok);
        const info = (await (await fetch(`${url}/api/v1/status/buildinfo`, { headers })).json()) as {
            data: { version: string };
        };
        return { port, dir, url, version: String(info.data.version), stop };
    } catch (error) {
        await stop();
        throw error;
    }
}
