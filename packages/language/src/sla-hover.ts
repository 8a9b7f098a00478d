import type { AstNode, MaybePromise } from 'langium';
import { MultilineCommentHoverProvider } from 'langium/lsp';
import * as ast from './generated/ast.js';
import { WINDOW_DAYS, allowedDowntimeMs, formatDuration } from './sla-budget.js';

/** Hover that explains what a declaration means, and what an availability target allows. */
export class SlaHoverProvider extends MultilineCommentHoverProvider {
    protected override getAstNodeHoverContent(node: AstNode): MaybePromise<string | undefined> {
        const explanation = explain(node);
        const comment = super.getAstNodeHoverContent(node) as string | undefined;
        return [explanation, comment].filter(Boolean).join('\n\n---\n\n') || undefined;
    }
}

function explain(node: AstNode): string | undefined {
    if (ast.isObjective(node)) return explainObjective(node);
    if (ast.isMetric(node)) return explainMetric(node);
    if (ast.isColumn(node))
        return `**${node.name}**: ${node.type} column${node.unit ? ` in ${node.unit}` : ''} of \`${node.$container.name}\``;
    if (ast.isDataSource(node))
        return `**${node.name}**: data read from \`${node.path}\` (${node.options
            .filter(ast.isColumn)
            .map((c) => c.name)
            .join(', ')})`;
    if (ast.isParty(node))
        return `**${node.name}**${node.title ? ` (${node.title})` : ''}: ${node.department ? 'department acting as ' : ''}${node.role}`;
    return undefined;
}

function explainMetric(metric: ast.Metric): string {
    const controller = metric.controller?.ref;
    const who = controller
        ? `${controller.name} (${controller.role})`
        : (metric.controllerRole ?? 'provider (not stated)');
    return `**${metric.name}**: ${describeExpression(metric.expression)}\n\nControlled by ${who}.`;
}

function describeExpression(expression: ast.MetricExpression): string {
    if (ast.isAvailabilityMetric(expression)) {
        if (expression.outageStart) return 'availability from outage start and end times';
        if (expression.total) return 'availability as good requests out of all requests';
        return expression.form === 'sample'
            ? 'availability in sample form: up samples / counted samples (excluded and missing samples left out)'
            : 'availability in contract form: 1 − downtime / window length (excluded time is never downtime)';
    }
    if (ast.isAggregateMetric(expression)) {
        const method =
            expression.method === 'nearest-rank' ? 'nearest rank' : 'linear interpolation between closest ranks';
        return /^p|median/.test(expression.function)
            ? `${expression.function} percentile (${method})`
            : `${expression.function} of the values`;
    }
    if (ast.isElapsedMetric(expression)) {
        const calendar = expression.calendar?.ref ? ` counted in ${expression.calendar.ref.name} hours` : '';
        return `time from start to end of each event${calendar}${expression.paused ? ', paused while waiting' : ''}`;
    }
    if (ast.isMeanTimeMetric(expression))
        return expression.function === 'mttr' ? 'mean time to repair' : 'mean time between failures';
    return 'number of rows';
}

function explainObjective(objective: ast.Objective): string {
    const target = objective.target;
    const window = objective.window.unit
        ? `per ${objective.window.unit}`
        : `per rolling ${objective.window.length} days`;
    const heading = `**${objective.name}**: ${target.metric.$refText} ${target.comparator} ${target.threshold.value} ${target.threshold.unit ?? ''} ${window}`;
    const metric = target.metric.ref;
    if (
        !metric ||
        !ast.isAvailabilityMetric(metric.expression) ||
        target.threshold.unit !== '%' ||
        ast.isShareTarget(target)
    ) {
        return heading;
    }
    return `${heading}\n\n${describeBudget(target.threshold.value, objective.window)}`;
}

/** Allowed downtime for each length the window can have, and for a quarter when the window is shorter. */
export function describeBudget(targetPercent: string, window: ast.Window): string {
    const lines: string[] = [];
    const describe = (unit: string, days: readonly number[]) => {
        const spans = days.map((d) => `${formatDuration(allowedDowntimeMs(targetPercent, d))} in ${d} days`);
        lines.push(`- per ${unit}: ${spans.join(', ')}`);
    };
    if (window.unit) {
        describe(window.unit, WINDOW_DAYS[window.unit]);
        if (window.unit === 'month' || window.unit === 'week' || window.unit === 'day')
            describe('quarter', WINDOW_DAYS.quarter);
    } else {
        describe(`rolling ${window.length} days`, [Number(window.length)]);
    }
    return `Allowed downtime at ${targetPercent} %:\n${lines.join('\n')}`;
}
