import { AstUtils, GrammarUtils, type AstNode, type URI } from 'langium';
import { fileSourceOf } from '@sla/interpreter';
import type * as model from '@sla/interpreter';
import * as ast from '../generated/ast.js';
import { referencesBelow } from '../sla-build-steps.js';
import { baseAgreements } from '../sla-scope.js';
import { canonicalUnit, canonicalValue, durationMs } from './units.js';
import { weekdaysOf } from './weekdays.js';
import { columnType, isShare, lowerExpression, lowerSliceMetric } from './expressions.js';

/**
 * Whether an agreement and every agreement it extends, in whatever file, parsed and linked
 * completely: only then can it be lowered.
 */
export function isLowerable(agreement: ast.Agreement): boolean {
    return [agreement, ...baseAgreements(agreement)].every((a) => {
        const document = AstUtils.getDocument(a);
        const { lexerErrors, parserErrors } = document.parseResult;
        return (
            lexerErrors.length === 0 &&
            parserErrors.length === 0 &&
            referencesBelow(document, a).every(({ reference }) => !('ref' in reference) || reference.ref !== undefined)
        );
    });
}

/**
 * Lowers a linked, error-free agreement to the plain contract model. Declarations of the
 * agreements it extends are inherited unless the agreement redeclares the same name.
 */
export function lowerAgreement(agreement: ast.Agreement, documentUri: URI): model.Contract {
    return new Lowering(documentUri.fsPath).agreement(agreement);
}

class Lowering {
    constructor(private readonly file: string) {}

    agreement(agreement: ast.Agreement): model.Contract {
        const chain = [agreement, ...baseAgreements(agreement)];
        const members = inherit(chain);
        const first = <T extends ast.AgreementMember>(guard: (m: unknown) => m is T): T | undefined =>
            members.find(guard);
        const kind = first(ast.isAgreementKind);
        const version = first(ast.isAgreementVersion);
        const term = first(ast.isTerm);
        const review = first(ast.isReview);
        const agreementExclusions = members.filter(ast.isExclusion).map((e) => this.exclusion(e));
        return {
            name: agreement.name,
            file: this.file,
            kind: kind?.kind as model.AgreementKind | undefined,
            version: version ? (version.text ?? version.number) : undefined,
            timeZone: first(ast.isTimeZone)?.zone ?? 'UTC',
            currency: first(ast.isCurrency)?.code,
            term: term ? { start: term.start, end: term.end } : undefined,
            reviewEvery: review ? period(review.every) : undefined,
            amendments: members
                .filter(ast.isAmendment)
                .map((a) => ({ name: a.name, effective: a.date, description: a.description })),
            parties: members.filter(ast.isParty).map((p) => ({
                name: p.name,
                title: p.title,
                role: p.role as model.PartyRole,
                department: p.department,
            })),
            calendars: members.filter(ast.isCalendar).map((c) => calendar(c)),
            dataSources: members.filter(ast.isDataSource).map((d) => this.dataSource(d)),
            services: members.filter(ast.isService).map((s) => this.service(s, agreementExclusions)),
            location: this.location(agreement),
        };
    }

    private dataSource(source: ast.DataSource): model.DataSource {
        const option = <T extends ast.DataOption>(guard: (o: unknown) => o is T): T | undefined =>
            source.options.find(guard);
        const interval = option(ast.isSampleInterval)?.interval;
        return {
            name: source.name,
            ...lowerFileSource(source, this.file),
            timeZone: option(ast.isDataTimeZone)?.zone,
            sampleIntervalMs: interval ? durationMs(interval.value, interval.unit) : undefined,
            completeUntil: option(ast.isCompleteUntil) && localDateTime(option(ast.isCompleteUntil)!.until),
            columns: source.options.filter(ast.isColumn).map((c) => this.column(c)),
            location: this.location(source),
        };
    }

    private column(column: ast.Column): model.Column {
        if (column.computed) {
            return {
                name: column.name,
                header: column.name,
                type: columnType(column),
                computed: lowerExpression(column.computed),
                location: this.location(column),
            };
        }
        return {
            name: column.name,
            header: column.header ?? column.name,
            type: column.type as model.ColumnType,
            unit: column.unit ? canonicalUnit(column.unit) : undefined,
            location: this.location(column),
        };
    }

    private service(service: ast.Service, agreementExclusions: model.Exclusion[]): model.Service {
        const fee = service.members.find(ast.isFee);
        const reporting = service.members.find(ast.isReporting);
        return {
            name: service.name,
            title: service.title,
            fee: fee ? { amount: fee.amount, currency: fee.currency, per: singular(fee.period) } : undefined,
            responsibilities: service.members
                .filter(ast.isResponsibility)
                .map((r) => ({ party: r.party?.ref?.name ?? r.role ?? '', duty: r.duty })),
            reportEvery: reporting ? period(reporting.every) : undefined,
            metrics: service.members.filter(ast.isMetric).map((m) => this.metric(m)),
            objectives: service.members.filter(ast.isObjective).map((o) => this.objective(o)),
            exclusions: [
                ...service.members.filter(ast.isExclusion).map((e) => this.exclusion(e)),
                ...agreementExclusions,
            ],
            remedies: service.members.filter(ast.isRemedy).map((r) => this.remedy(r)),
            terminations: service.members.filter(ast.isTermination).map((t) => ({
                objective: t.objective.ref!.name,
                count: Number(t.count),
                consecutive: t.consecutive,
                location: this.location(t),
            })),
            location: this.location(service),
        };
    }

    private metric(metric: ast.Metric): model.Metric {
        const definition = metricDefinition(metric.expression);
        const controller = metric.controller?.ref;
        return {
            name: metric.name,
            title: metric.title,
            definition,
            unit: metricUnit(metric.expression),
            controlledBy: {
                role: (controller?.role ?? metric.controllerRole ?? 'provider') as model.PartyRole,
                party: controller?.name,
                stated: controller !== undefined || metric.controllerRole !== undefined,
            },
            location: this.location(metric),
        };
    }

    private objective(objective: ast.Objective): model.Objective {
        const target = objective.target;
        const option = <T extends ast.ObjectiveOption>(guard: (o: unknown) => o is T): T | undefined =>
            objective.options.find(guard);
        const coverage = option(ast.isCoverageRequirement);
        const baseline = option(ast.isBaseline);
        const grouping = option(ast.isGrouping);
        const noEvents = option(ast.isNoEventsRule);
        const cutOff = option(ast.isCutOffRule);
        const window = objective.window;
        return {
            name: objective.name,
            title: objective.title,
            metric: target.metric.ref!.name,
            comparator: comparator(target.comparator),
            threshold: quantity(target.threshold),
            share: ast.isShareTarget(target) ? quantity(target.share) : undefined,
            window: window.unit
                ? {
                      kind: 'calendar',
                      unit: window.unit as model.WindowUnit,
                      startDay: window.startDay ? Number(window.startDay) : undefined,
                  }
                : { kind: 'rolling', days: Number(window.length) },
            where: objective.options.filter(ast.isScope).flatMap((s) => s.conditions.map(condition)),
            during: option(ast.isCalendarScope)?.calendar.ref?.name,
            groupBy: grouping ? columnRef(grouping.column) : undefined,
            baseline: baseline ? quantity(baseline.value) : undefined,
            minimumCoverage: coverage?.minimum.value,
            whenNoEvents: noEvents ? (noEvents.met ? 'met' : 'not-determined') : undefined,
            informational: option(ast.isInformational) ? true : undefined,
            cutOff: cutOff && {
                days: Number(cutOff.days),
                business: cutOff.business,
                at: cutOff.at,
                calendar: cutOff.calendar?.ref?.name,
            },
            location: this.location(objective),
        };
    }

    private exclusion(exclusion: ast.Exclusion): model.Exclusion {
        const location = this.location(exclusion);
        if (ast.isMaintenanceWindow(exclusion)) {
            return {
                kind: 'maintenance',
                days: weekdaysOf(exclusion.days),
                from: exclusion.from,
                to: exclusion.to,
                noticeMs: exclusion.notice ? durationMs(exclusion.notice.value, exclusion.notice.unit) : undefined,
                location,
            };
        }
        if (ast.isPeriodExclusion(exclusion)) {
            return {
                kind: 'period',
                from: localDateTime(exclusion.from),
                to: localDateTime(exclusion.to),
                reason: exclusion.reason,
                location,
            };
        }
        return {
            kind: 'cause',
            cause: exclusionCause(exclusion.cause),
            where: exclusion.conditions.map(condition),
            location,
        };
    }

    private remedy(remedy: ast.Remedy): model.Remedy {
        const claim = remedy.clauses.find(ast.isClaimDeadline);
        return {
            kind: remedy.kind,
            objective: remedy.objective.ref!.name,
            tiers: remedy.clauses.filter(ast.isTier).map((t) => ({
                direction: t.direction,
                threshold: quantity(t.threshold),
                amount: amount(t.amount),
                location: this.location(t),
            })),
            rates: remedy.clauses.filter(ast.isRatePenalty).map((r) => ({
                amount: amount(r.amount),
                step: { value: canonicalValue(r.step ?? '1', r.unit), unit: canonicalUnit(r.unit) },
                basis: compact(r.basis) === 'ofdowntime' ? 'downtime' : (r.basis as 'below' | 'above'),
            })),
            perBreach: remedy.clauses.filter(ast.isFixedPenalty).map((f) => amount(f.amount)),
            caps: remedy.clauses.filter(ast.isCap).map((c) => ({ amount: amount(c.amount), per: c.scope })),
            claimWithinMs: claim ? durationMs(claim.within.value, claim.within.unit) : undefined,
            location: this.location(remedy),
        };
    }

    private location(node: AstNode): model.SourceLocation {
        return locationIn(this.file, node);
    }
}

function locationIn(file: string, node: AstNode, property?: string): model.SourceLocation {
    const cst = property ? GrammarUtils.findNodeForProperty(node.$cstNode, property) : node.$cstNode;
    const range = (cst ?? node.$cstNode)?.range;
    return {
        file,
        line: (range?.start.line ?? 0) + 1,
        column: (range?.start.character ?? 0) + 1,
        endLine: (range?.end.line ?? 0) + 1,
        endColumn: (range?.end.character ?? 0) + 1,
    };
}

/**
 * Where a data source's rows come from, as the interpreter's row-source layer reads them: its path
 * resolved against the folder of the `.sla` file that declares it (`fallbackFile` for a node
 * outside any document), and its format.
 */
export function lowerFileSource(
    source: ast.DataSource,
    fallbackFile: string,
): { readonly path: string; readonly origin: model.DataOrigin } {
    const declaredAt = locationIn(sourceFileOf(source) ?? fallbackFile, source, 'path');
    return fileSourceOf(source.path, source.options.find(ast.isDataFormat)?.format, declaredAt);
}

/** Members of the agreement and the agreements it extends; a nearer declaration hides a farther one of the same name. */
function inherit(chain: readonly ast.Agreement[]): ast.AgreementMember[] {
    const seen = new Set<string>();
    const members: ast.AgreementMember[] = [];
    for (const agreement of chain) {
        for (const member of agreement.members) {
            const key =
                'name' in member && typeof member.name === 'string' ? `${member.$type}:${member.name}` : undefined;
            if (key && seen.has(key)) continue;
            if (key) seen.add(key);
            members.push(member);
        }
    }
    return members;
}

function sourceFileOf(node: AstNode): string | undefined {
    let root: AstNode = node;
    while (root.$container) root = root.$container;
    return (root as { $document?: { uri: URI } }).$document?.uri.fsPath;
}

function metricDefinition(expression: ast.MetricExpression): model.MetricDefinition {
    if (ast.isAvailabilityMetric(expression)) {
        if (expression.outageStart && expression.outageEnd) {
            return {
                kind: 'outage-availability',
                start: columnRef(expression.outageStart),
                end: columnRef(expression.outageEnd),
                weight: expression.weight ? columnRef(expression.weight) : undefined,
                denominator: expression.scheduled ? 'scheduled' : undefined,
            };
        }
        if (expression.total) {
            return {
                kind: 'request-availability',
                good: columnRef(expression.samples!),
                total: columnRef(expression.total),
                counts: expression.failures ? 'bad' : undefined,
            };
        }
        return {
            kind: 'probe-availability',
            form: expression.form ?? 'contract',
            samples: columnRef(expression.samples!),
            missing: expression.missing ?? 'unknown',
        };
    }
    if (ast.isAggregateMetric(expression)) {
        const percentile = percentileOf(expression.function);
        return {
            kind: 'aggregate',
            function: percentile !== undefined ? 'percentile' : (expression.function as 'mean' | 'min' | 'max' | 'sum'),
            percentile,
            method: expression.method === 'nearest-rank' ? 'nearest-rank' : 'linear',
            column: columnRef(expression.column),
        };
    }
    if (ast.isElapsedMetric(expression)) {
        return {
            kind: 'elapsed',
            start: columnRef(expression.start),
            end: columnRef(expression.end),
            calendar: expression.calendar?.ref?.name,
            paused: expression.paused ? columnRef(expression.paused) : undefined,
            pausedWhile: pauseLog(expression),
        };
    }
    if (ast.isSliceMetric(expression)) return lowerSliceMetric(expression);
    if (ast.isMeanTimeMetric(expression)) {
        return { kind: expression.function, start: columnRef(expression.start), end: columnRef(expression.end) };
    }
    return { kind: 'count', source: expression.source.ref!.name };
}

/** `p95` → "95", `p99.9` → "99.9", `median` → "50"; undefined for other functions. */
export function percentileOf(name: string): string | undefined {
    if (name === 'median') return '50';
    return /^p(\d+(?:\.\d+)?)$/.exec(name)?.[1];
}

function metricUnit(expression: ast.MetricExpression): model.Unit {
    if (ast.isAvailabilityMetric(expression)) return '%';
    if (ast.isAggregateMetric(expression)) {
        const column = expression.column.column.ref;
        if (column?.type === 'duration') return 'ms';
        return column?.unit ? canonicalUnit(column.unit) : 'count';
    }
    if (ast.isElapsedMetric(expression) || ast.isMeanTimeMetric(expression)) return 'ms';
    if (ast.isSliceMetric(expression)) return expression.bad || isShare(expression.value!) ? '%' : 'count';
    return 'count';
}

function pauseLog(expression: ast.ElapsedMetric): model.PauseLog | undefined {
    if (!expression.pauseStatus || !expression.pauseKey || !expression.eventKey) return undefined;
    const status = columnRef(expression.pauseStatus);
    return {
        source: status.source,
        key: columnRef(expression.pauseKey),
        eventKey: columnRef(expression.eventKey),
        status,
        statuses: expression.statuses,
    };
}

function columnRef(ref: ast.ColumnRef): model.ColumnRef {
    const column = ref.column.ref!;
    return { source: (column.$container as ast.DataSource).name, column: column.name };
}

function condition(c: ast.Condition): model.Condition {
    const values = c.values.map((v) => v.text ?? v.number ?? v.flag ?? '');
    const operator = c.operator ?? (c.negated ? 'not in' : 'in');
    return { column: columnRef(c.column), operator, values };
}

function quantity(q: ast.Quantity): model.Quantity {
    return { value: canonicalValue(q.value, q.unit), unit: canonicalUnit(q.unit) };
}

function amount(a: ast.Amount): model.Amount {
    return ast.isFeeShare(a)
        ? { kind: 'fee-share', percent: a.percent }
        : { kind: 'fixed', value: a.value, currency: a.currency };
}

function calendar(c: ast.Calendar): model.Calendar {
    return {
        name: c.name,
        always: c.entries.some((e) => ast.isCoverageHours(e) && e.always),
        hours: c.entries
            .filter(ast.isCoverageHours)
            .filter((h) => !h.always)
            .map((h) => ({ days: weekdaysOf(h.days), from: h.from!, to: h.to! })),
        holidays: c.entries.filter(ast.isHoliday).flatMap((h) => h.dates),
    };
}

function period(p: ast.Period): { count: number; unit: model.CalendarUnit } {
    return { count: p.count ? Number(p.count) : 1, unit: singular(p.unit) };
}

function singular(unit: string): model.CalendarUnit {
    return unit.replace(/s$/, '') as model.CalendarUnit;
}

/** Multi-keyword datatype values arrive without the spaces between keywords ("atleast"). */
function compact(text: string): string {
    return text.replace(/\s+/g, '');
}

const COMPARATORS: Readonly<Record<string, model.Comparator>> = {
    '>=': '>=',
    '>': '>',
    '<=': '<=',
    '<': '<',
    within: '<=',
    under: '<',
    atleast: '>=',
    atmost: '<=',
};

export function comparator(written: string): model.Comparator {
    return COMPARATORS[compact(written)];
}

function exclusionCause(cause: string): 'force-majeure' | 'customer-caused' | 'third-party-caused' {
    return compact(cause) === 'forcemajeure' ? 'force-majeure' : (cause as 'customer-caused' | 'third-party-caused');
}

/** A bare date means its local midnight. */
function localDateTime(text: string): string {
    return text.includes('T') ? text : `${text}T00:00`;
}
