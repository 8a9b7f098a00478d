import { AstUtils, type ValidationAcceptor } from 'langium';
import * as ast from '../generated/ast.js';
import { metricSources } from '../sla-scope.js';
import { Diagnostics } from './codes.js';
import { report } from './report.js';

/** `where` and `for each` filter the metric's own rows, so their columns must come from its data sources. */
export function checkObjectiveColumnsFromMetricSources(objective: ast.Objective, accept: ValidationAcceptor): void {
    const columnRefs = objective.options.flatMap((option) =>
        ast.isScope(option) ? option.conditions.map((c) => c.column) : ast.isGrouping(option) ? [option.column] : [],
    );
    if (columnRefs.length === 0) return;
    const sources = metricSources(objective);
    if (sources.length === 0) return;
    for (const ref of columnRefs) {
        const source = ref?.column?.ref ? AstUtils.getContainerOfType(ref.column.ref, ast.isDataSource) : undefined;
        if (source && !sources.includes(source)) {
            report(
                accept,
                Diagnostics.ColumnOfAnotherSource,
                `${ref.column.$refText} is a column of ${source.name}, but ${objective.target?.metric?.$refText} reads ${sources.map((s) => s.name).join(' and ')}; ` +
                    'an objective can only filter or group the rows its metric measures.',
                { node: ref, property: 'column' },
            );
        }
    }
}

/** Each probe sample stands for its interval, so probe availability needs to know it. */
export function checkProbeSampleInterval(metric: ast.AvailabilityMetric, accept: ValidationAcceptor): void {
    if (!metric.samples || metric.total || metric.outageStart) return;
    const column = metric.samples.column?.ref;
    const source = column ? AstUtils.getContainerOfType(column, ast.isDataSource) : undefined;
    if (source && !source.options.some(ast.isSampleInterval)) {
        report(
            accept,
            Diagnostics.MissingSampleInterval,
            `Availability of probe samples needs their interval: add \`every 1 min\` (or whatever it is) to data source ${source.name}.`,
            { node: metric.samples, property: 'column' },
        );
    }
}

export function checkExtendsCycle(agreement: ast.Agreement, accept: ValidationAcceptor): void {
    const path: ast.Agreement[] = [];
    for (let base = agreement.base?.ref; base && !path.includes(base); base = base.base?.ref) {
        if (base === agreement) {
            const through = path.length > 0 ? ` through ${path.map((a) => a.name).join(', ')}` : '';
            report(
                accept,
                Diagnostics.CyclicExtends,
                `${agreement.name} extends itself${through}; an agreement can only build on others.`,
                { node: agreement, property: 'base' },
            );
            return;
        }
        path.push(base);
    }
}
