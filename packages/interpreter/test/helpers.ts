/** Builders for small contracts and data files in temporary directories. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
    Column,
    Contract,
    DataSource,
    Exclusion,
    FileFormat,
    IsoWeekday,
    Metric,
    MetricDefinition,
    Objective,
    Remedy,
    Service,
    SourceLocation,
    Termination,
} from '../src/model.js';
import { openRowSource } from '../src/sources/registry.js';
import type { FieldSpec, Row, ScanOptions, ScanResult, ScanTuning } from '../src/sources/row-source.js';

/** A place in the contract file, which lies in the folder of the temporary data files (it bounds what may be read). */
export const at: SourceLocation = { file: join(tmpdir(), 'test.sla'), line: 1, column: 1, endLine: 1, endColumn: 1 };

export function tempFile(name: string, content: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'sla-interpreter-'));
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
}

export function column(name: string, type: Column['type'], extra: Partial<Column> = {}): Column {
    return { name, header: name, type, location: at, ...extra };
}

/** A data source reading `path`, as CSV unless `format` says otherwise. */
export function dataSource(
    path: string,
    columns: Column[],
    { format = 'csv', ...extra }: Partial<DataSource> & { format?: FileFormat } = {},
): DataSource {
    const origin = { kind: format, declaredPath: path, declaredAt: at };
    return { name: 'probes', path, origin, columns, location: at, ...extra };
}

export function metric(name: string, definition: MetricDefinition, unit: Metric['unit']): Metric {
    return { name, definition, unit, controlledBy: { role: 'provider', stated: true }, location: at };
}

export function objective(
    extra: Partial<Objective> & Pick<Objective, 'metric' | 'comparator' | 'threshold'>,
): Objective {
    return { name: 'Uptime', window: { kind: 'calendar', unit: 'month' }, where: [], location: at, ...extra };
}

export function service(extra: Partial<Service> & Pick<Service, 'metrics' | 'objectives'>): Service {
    return {
        name: 'Internet',
        responsibilities: [],
        exclusions: [],
        remedies: [],
        terminations: [],
        location: at,
        ...extra,
    };
}

export function contract(services: Service[], dataSources: DataSource[], extra: Partial<Contract> = {}): Contract {
    return {
        name: 'Test',
        file: at.file,
        timeZone: 'Europe/Berlin',
        amendments: [],
        parties: [],
        calendars: [],
        dataSources,
        services,
        location: at,
        ...extra,
    };
}

export function maintenance(days: IsoWeekday[], from: string, to: string): Exclusion {
    return { kind: 'maintenance', days, from, to, location: at };
}

export function remedy(extra: Partial<Remedy> & Pick<Remedy, 'objective'>): Remedy {
    return { kind: 'credit', tiers: [], rates: [], perBreach: [], caps: [], location: at, ...extra };
}

export function termination(objectiveName: string, count: number): Termination {
    return { objective: objectiveName, count, consecutive: true, location: at };
}

/** One-minute probe rows `timestamp,up` from `startMs` for `count` minutes; `down(i)` marks sample i down. */
export function probeCsv(
    startMs: number,
    count: number,
    down: (i: number, t: number) => boolean = () => false,
): string {
    const lines = ['timestamp,up'];
    for (let i = 0; i < count; i++) {
        const t = startMs + i * 60_000;
        lines.push(`${new Date(t).toISOString()},${down(i, t) ? 0 : 1}`);
    }
    return lines.join('\n') + '\n';
}

/** A test read's options and tuning in one object: `fastPath` false reads CSV on the general path only. */
export type TestScan = ScanOptions & { readonly fastPath?: boolean; readonly chunkBytes?: number };

/** The options and the tuning of a test read, apart, as a source's `scan` and the reader thread take them. */
export function splitScan({ skipBadRows, fastPath, chunkBytes }: TestScan): [ScanOptions, ScanTuning] {
    return [{ skipBadRows }, { csvFastPath: fastPath, chunkBytes }];
}

/** Reads a data source on this thread. */
export function scanSource(
    source: DataSource,
    fields: readonly FieldSpec[],
    onRow: (row: Row) => void,
    scan: TestScan = {},
): Promise<ScanResult> {
    return openRowSource(source).scan(fields, onRow, ...splitScan(scan));
}
