/** The report of a whole agreement: its services' objectives, its data sources, and the totals. */
import type { Contract } from '../model.js';
import type { DataSourceReport, Money, Report, ServiceReport } from '../report.js';
import { Rational } from '../rational.js';
import { formatMoney } from '../money.js';
import type { Zone } from '../time.js';

export function assembleReport(
    contract: Contract,
    zone: Zone,
    asOf: number,
    services: ServiceReport[],
    dataSources: DataSourceReport[],
): Report {
    let met = 0;
    let breached = 0;
    let notDetermined = 0;
    let inProgress = 0;
    const credits = new Map<string, Rational>();
    const rewards = new Map<string, Rational>();
    let first: string | undefined;
    let last: string | undefined;
    for (const service of services) {
        for (const objective of service.objectives) {
            if (objective.informational) continue;
            for (const window of objective.windows) {
                if (window.verdict === 'met') met++;
                else if (window.verdict === 'breached') breached++;
                else if (window.verdict === 'in-progress') inProgress++;
                else notDetermined++;
                if (window.start && (!first || window.start < first)) first = window.start;
                if (window.end && (!last || window.end > last)) last = window.end;
                for (const outcome of window.remedies) {
                    const totals = outcome.kind === 'reward' ? rewards : credits;
                    const sum = totals.get(outcome.currency) ?? Rational.ZERO;
                    totals.set(outcome.currency, sum.add(Rational.parse(outcome.amount)));
                }
            }
        }
    }
    return {
        agreement: contract.name,
        file: contract.file,
        timeZone: zone.name,
        asOf: zone.format(asOf),
        range: { start: first ?? '', end: last ?? '' },
        services,
        dataSources,
        summary: { met, breached, notDetermined, inProgress, credits: totals(credits), rewards: totals(rewards) },
        breached: breached > 0,
    };
}

function totals(byCurrency: Map<string, Rational>): Money[] {
    return [...byCurrency]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([currency, amount]) => ({ currency, amount: formatMoney(amount, currency) }));
}
