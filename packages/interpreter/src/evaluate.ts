/**
 * Evaluates a contract against its data. The planner (`evaluation/plan.ts`) turns each objective
 * into a plan; every data source is read once, in a stream, and each row is handed to the runs of
 * the objectives that measure it (`evaluation/read-sources.ts`, `evaluation/objective-run.ts`);
 * each run keeps state per window and group only, which is then judged into verdicts, values and
 * remedies (`evaluation/judge.ts`) and assembled into the report (`evaluation/summary.ts`).
 */
import type { Contract, Objective } from './model.js';
import type { DataSourceReport, ObjectiveReport, Report, ServiceReport } from './report.js';
import type { ReaderThread, ScanTuning } from './sources/index.js';
import { DataError } from './data-error.js';
import { Zone, isKnownZone } from './time.js';
import { judgeObjective } from './evaluation/judge.js';
import { ObjectiveRun } from './evaluation/objective-run.js';
import { unsupportedReport } from './evaluation/objective-header.js';
import { planObjective } from './evaluation/plan.js';
import { WorkBudget } from './evaluation/limits.js';
import { sourceDataEnd, type DataEnd } from './evaluation/data-end.js';
import { evaluationRange } from './evaluation/range.js';
import { readSource } from './evaluation/read-sources.js';
import { readPauseLogs } from './evaluation/pause-logs.js';
import { assembleReport } from './evaluation/summary.js';

export interface EvaluationOptions {
    /** Local date `YYYY-MM-DD` (its midnight in the agreement's zone) or ISO instant: evaluate from here on. */
    readonly from?: string;
    /** Local date or ISO instant: evaluate up to here (exclusive). */
    readonly to?: string;
    /**
     * Local date or ISO instant at which the evaluation stands (default: now; capped by the term):
     * nothing after it is read, windows that end after it are in progress, open events are judged there.
     */
    readonly asOf?: string;
    /** Count and report malformed rows instead of failing with a DataError. */
    readonly skipBadRows?: boolean;
    /** Folders outside the project whose data files may be read too (the CLI's --allow-read). */
    readonly allowRead?: readonly string[];
    /**
     * A thread for reading: large data files (8 MiB and more) are then decoded on it while this
     * thread evaluates. Without it, one thread does both.
     */
    readonly readerThread?: ReaderThread;
    /** Bound on the windows (objective × window × group) one evaluation holds; see `evaluation/limits.ts`. */
    readonly maxWindows?: number;
}

const NOT_READ = { rowsRead: 0, rowsSkipped: 0, skipped: [] };

/** `tuning`: how files are read, for tests that compare the ways of reading (not part of the public API). */
export async function evaluate(
    contract: Contract,
    options: EvaluationOptions = {},
    tuning: ScanTuning = {},
): Promise<Report> {
    for (const name of [contract.timeZone, ...contract.dataSources.map((d) => d.timeZone)]) {
        if (name !== undefined && !isKnownZone(name)) {
            throw new RangeError(`unknown IANA time zone "${name}"; use a name such as "Europe/Berlin"`);
        }
    }
    const zone = new Zone(contract.timeZone);
    const range = evaluationRange(contract, zone, options);
    const budget = new WorkBudget(options.maxWindows);
    const runs: ObjectiveRun[] = [];
    const objectiveReports = new Map<Objective, () => ObjectiveReport>();
    for (const service of contract.services) {
        for (const objective of service.objectives) {
            const plan = planObjective(contract, zone, range, service, objective);
            if (typeof plan === 'string') {
                objectiveReports.set(objective, () => unsupportedReport(zone, range, service, objective, plan));
                continue;
            }
            const run = new ObjectiveRun(plan, budget);
            runs.push(run);
            objectiveReports.set(objective, () =>
                run.failure
                    ? unsupportedReport(zone, range, service, objective, run.failure)
                    : judgeObjective(run, dataEnd),
            );
        }
    }
    const pauses = await readPauseLogs(
        contract,
        runs.map((run) => run.plan),
        options,
        tuning,
    );
    const dataSources: DataSourceReport[] = [];
    let dataEnd: DataEnd = { end: -Infinity, shown: -Infinity };
    for (const source of contract.dataSources) {
        const sourceRuns = runs.filter((r) => r.plan.source === source);
        const report = { name: source.name, path: source.path };
        if (sourceRuns.length === 0) {
            dataSources.push({ ...report, ...(pauses.readings.get(source.name) ?? NOT_READ) });
            continue;
        }
        try {
            const reading = await readSource(source, sourceRuns, options, tuning, pauses.logs);
            const end = sourceDataEnd(source, sourceRuns, zone, range);
            if (end && end.end > dataEnd.end) dataEnd = end;
            dataSources.push({ ...report, ...reading, ...(end && { dataEnd: zone.format(end.shown) }) });
        } catch (error) {
            // Lenient mode (the editor): a file that cannot be read at all leaves its objectives undetermined.
            if (!(error instanceof DataError) || !options.skipBadRows) throw error;
            dataSources.push({ ...report, rowsRead: 0, rowsSkipped: 0, skipped: [], error: error.message });
            for (const run of sourceRuns) {
                run.failure = `the data source ${source.name} could not be read: ${error.message}`;
            }
        }
    }
    const services: ServiceReport[] = contract.services.map((service) => ({
        name: service.name,
        title: service.title,
        objectives: service.objectives.map((o) => objectiveReports.get(o)!()),
    }));
    return assembleReport(contract, zone, range.asOf, services, dataSources);
}
