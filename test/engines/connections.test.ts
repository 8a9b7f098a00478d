// Named connections: where the address and the password come from, and the errors when they
// cannot be had. No server is needed; each test writes its own sla.config.json into a temp dir.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
    connectionEnvVariable,
    connectionTarget,
    resolveConnection,
} from '../../packages/interpreter/src/engines/connections.js';
import { expectEngineError } from './harness/assertions.js';
import { makeTempDir, removeTempDir } from './harness/processes.js';

describe('named connections', () => {
    let dir: string;
    const writeConfig = (connections: unknown) =>
        writeFileSync(join(dir, 'sla.config.json'), JSON.stringify({ connections }));

    beforeAll(() => {
        dir = makeTempDir('connections');
    });
    afterAll(() => removeTempDir(dir));

    it('names the environment variable after the connection', () => {
        expect(connectionEnvVariable('pg')).toBe('SLA_PG_URL');
        expect(connectionEnvVariable('events-eu.1')).toBe('SLA_EVENTS_EU_1_URL');
    });

    it('reads the engine from the URL scheme and keeps the credentials out of the URL', async () => {
        writeConfig({});
        const env = {
            SLA_PG_URL: 'postgres://reader:s%3Acret@db.internal:5433/sla',
            SLA_EVENTS_URL: 'clickhouse+https://ch.internal:8443',
            SLA_METRICS_URL: 'prometheus://prom.internal:9090/prefix/',
            SLA_LOCAL_URL: 'duckdb:data/measurements.duckdb',
        };
        const pg = await resolveConnection('pg', { configDir: dir, env });
        expect(pg).toMatchObject({ engine: 'postgres', user: 'reader', password: 's:cret', database: 'sla' });
        expect(pg.url).toBe('postgres://db.internal:5433/sla');
        expect(pg.origin).toBe('environment variable SLA_PG_URL');
        expect(connectionTarget(pg)).toBe('db.internal:5433/sla');
        const events = await resolveConnection('events', { configDir: dir, env });
        expect(events).toMatchObject({ engine: 'clickhouse', url: 'https://ch.internal:8443' });
        const metrics = await resolveConnection('metrics', { configDir: dir, env });
        expect(metrics).toMatchObject({ engine: 'prometheus', url: 'http://prom.internal:9090/prefix' });
        const local = await resolveConnection('local', { configDir: dir, env });
        expect(local).toMatchObject({ engine: 'duckdb', url: join(dir, 'data/measurements.duckdb') });
    });

    it('takes a connection from sla.config.json with the password from the variable it names', async () => {
        writeConfig({
            warehouse: {
                engine: 'postgres',
                url: 'postgres://db:5432/sla',
                user: 'reader',
                passwordEnv: 'WH_PASSWORD',
            },
        });
        const settings = await resolveConnection('warehouse', { configDir: dir, env: { WH_PASSWORD: 'secret' } });
        expect(settings).toMatchObject({
            engine: 'postgres',
            user: 'reader',
            password: 'secret',
            url: 'postgres://db:5432/sla',
        });
        expect(settings.origin).toBe('sla.config.json connection "warehouse"');
    });

    it('lets the environment variable override the address of a file connection', async () => {
        writeConfig({ events: { engine: 'clickhouse', url: 'http://old:8123', passwordEnv: 'CH_PASSWORD' } });
        const settings = await resolveConnection('events', {
            configDir: dir,
            env: { SLA_EVENTS_URL: 'http://new:8123', CH_PASSWORD: 'pw' },
        });
        expect(settings).toMatchObject({ engine: 'clickhouse', url: 'http://new:8123', password: 'pw' });
    });

    it('refuses a password written in the file, in a key or in the URL', async () => {
        writeConfig({
            a: { engine: 'postgres', url: 'postgres://db/sla', password: 'x' },
            b: { url: 'postgres://u:x@db/sla' },
        });
        await expectEngineError(
            resolveConnection('a', { configDir: dir, env: {} }),
            'sla/engine-connection-config',
            /connection "a" in sla\.config\.json holds a password\. Remove it and name an environment variable/,
        );
        await expectEngineError(
            resolveConnection('b', { configDir: dir, env: {} }),
            'sla/engine-connection-config',
            /has a password in its URL/,
        );
    });

    it('says what to set when a connection, its password variable or its engine is missing', async () => {
        writeConfig({
            c: { engine: 'postgres', url: 'postgres://db/sla', passwordEnv: 'C_PASSWORD' },
            d: { engine: 'oracle', url: 'x://y' },
        });
        await expectEngineError(
            resolveConnection('nowhere', { configDir: dir, env: {} }),
            'sla/engine-connection-config',
            /^connection "nowhere": no connection "nowhere": neither the environment variable SLA_NOWHERE_URL nor sla\.config\.json defines it/,
        );
        await expectEngineError(
            resolveConnection('c', { configDir: dir, env: {} }),
            'sla/engine-connection-config',
            /takes its password from the environment variable C_PASSWORD, which is not set/,
        );
        await expectEngineError(
            resolveConnection('d', { configDir: dir, env: {} }),
            'sla/engine-connection-config',
            /names engine "oracle"/,
        );
        await expectEngineError(
            resolveConnection('e', { configDir: dir, env: { SLA_E_URL: 'http://host:8123' } }),
            'sla/engine-connection-config',
            /cannot tell the engine from "http:"/,
        );
        writeFileSync(join(dir, 'sla.config.json'), '{ not json');
        await expectEngineError(
            resolveConnection('c', { configDir: dir, env: {} }),
            'sla/engine-connection-config',
            /is not valid JSON/,
        );
    });
});
