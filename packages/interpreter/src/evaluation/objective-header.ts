/** What a report says of an objective before its windows: what it measures, and how. */
import type { DataSource, Metric, Objective, Service } from '../model.js';
import type { ObjectiveReport } from '../report.js';
import { kindOf } from '../kinds/registry.js';
import type { Zone } from '../time.js';
import type { EvaluationRange } from './range.js';

export function objectiveHeader(objective: Objective, metric: Metric | undefined) {
    return {
        name: objective.name,
        title: objective.title,
        metric: objective.metric,
        metricKind: metric?.definition.kind ?? 'unknown',
        comparator: objective.comparator,
        threshold: { value: objective.threshold.value, unit: objective.threshold.unit },
        share: objective.share?.value,
        window: objective.window,
        percentileMethod: metric ? kindOf(metric.definition).percentileMethod?.(metric.definition) : undefined,
        groupBy: objective.groupBy ? `${objective.groupBy.source}.${objective.groupBy.column}` : undefined,
        informational: objective.informational || undefined,
        location: objective.location,
    };
}

export function objectiveNotes(objective: Objective, metric: Metric, source: DataSource): string[] {
    const notes: string[] = [];
    const definition = metric.definition;
    const kind = kindOf(definition);
    if (objective.minimumCoverage !== undefined && (!source.sampleIntervalMs || kind.coverage === 'none')) {
        const why = source.sampleIntervalMs ? `holds events (${definition.kind})` : 'declares no sample interval';
        notes.push(
            `"coverage at least ${objective.minimumCoverage} %" is not checked: coverage is defined for sampled data (a data source with "every …") of row metrics, and ${source.name} ${why}`,
        );
    }
    notes.push(...kind.notes(definition, objective));
    return notes;
}

/** One not-determined entry over the whole evaluated range, saying why the objective cannot be evaluated. */
export function unsupportedReport(
    zone: Zone,
    range: EvaluationRange,
    service: Service,
    objective: Objective,
    reason: string,
): ObjectiveReport {
    const metric = service.metrics.find((m) => m.name === objective.metric);
    const label = objective.window.kind === 'rolling' ? `rolling ${objective.window.days} days` : 'all';
    return {
        ...objectiveHeader(objective, metric),
        windows: [
            {
                label,
                start: Number.isFinite(range.start) ? zone.format(range.start) : '',
                end: Number.isFinite(range.end) ? zone.format(range.end) : '',
                verdict: 'not-determined',
                reason,
                unit: objective.share ? '%' : (metric?.unit ?? objective.threshold.unit),
                counts: { rows: 0, counted: 0, excluded: 0 },
                remedies: [],
            },
        ],
        notes: [reason],
    };
}
