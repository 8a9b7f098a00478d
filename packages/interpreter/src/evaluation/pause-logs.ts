/**
 * Status-change logs that pause the clocks of events in another source: read once, before the
 * sources whose metrics name them, into each event's pause intervals.
 */
import type { Contract, PauseLog } from '../model.js';
import { pausesFromLog, type PauseIntervals, type StatusChange } from '../kinds/event-clock.js';
import { scannerFor, type ScanResult, type ScanTuning } from '../sources/index.js';
import type { EvaluationOptions } from '../evaluate.js';
import type { ObjectivePlan } from './plan.js';
import { columnOf } from './plan.js';

/** The pauses of each log, by the log's definition (undefined: no log). */
export type PauseLogs = { get(log: PauseLog | undefined): PauseIntervals | undefined };

export interface ReadPauseLogs {
    readonly logs: PauseLogs;
    /** What reading each log's source found, by source name. */
    readonly readings: ReadonlyMap<string, ScanResult>;
}

export async function readPauseLogs(
    contract: Contract,
    plans: readonly ObjectivePlan[],
    options: EvaluationOptions,
    tuning: ScanTuning,
): Promise<ReadPauseLogs> {
    const pauses = new Map<PauseLog, PauseIntervals>();
    const readings = new Map<string, ScanResult>();
    for (const plan of plans) {
        const definition = plan.metric.definition;
        const log = definition.kind === 'elapsed' ? definition.pausedWhile : undefined;
        if (!log || pauses.has(log)) continue;
        const { intervals, result } = await readLog(contract, log, options, tuning);
        pauses.set(log, intervals);
        readings.set(log.source, result);
    }
    return { logs: { get: (log) => (log ? pauses.get(log) : undefined) }, readings };
}

async function readLog(
    contract: Contract,
    log: PauseLog,
    options: EvaluationOptions,
    tuning: ScanTuning,
): Promise<{ intervals: PauseIntervals; result: ScanResult }> {
    const source = contract.dataSources.find((s) => s.name === log.source);
    const at = source?.columns.find((c) => c.type === 'time');
    if (!source || !at) {
        throw new RangeError(`the status-change log ${log.source} is not a data source with a time column`);
    }
    const fields = [log.key.column, at.name, log.status.column].map((name) => ({
        column: columnOf(source, name)!,
        optional: false,
    }));
    const changes: StatusChange[] = [];
    const scan = await scannerFor(source, options, tuning);
    const result = await scan(fields, (row) => {
        const key = row.texts[0] ?? String(row.values[0]);
        const status = row.texts[2] ?? String(row.values[2]);
        changes.push({ key, at: row.values[1], status });
    });
    return { intervals: pausesFromLog(changes, new Set(log.statuses)), result };
}
