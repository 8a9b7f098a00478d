/** The measurement constructs of the language, parsed, linked and lowered to the contract model. */
import { describe, expect, it } from 'vitest';
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { createSlaServices } from '../src/sla-module.js';
import type { Model } from '../src/generated/ast.js';
import { lowerAgreement } from '../src/lowering/sla-lowering.js';

const TEXT = `agreement A {
    timezone "UTC"
    data minutes from "m.csv" {
        time minute, number requests, number errors, boolean a_up, boolean b_up
        indicator failing = errors / requests > 5 %
        indicator power_out = not a_up and not b_up
        indicator fallback = if requests = 0 then false else errors > 0
        complete until 2025-12-31
        every 1 min
    }
    data tickets from "t.csv" { text id, time opened, time resolved }
    data status from "s.csv" { text ticket, time changed_at, text to_status }
    data outages from "o.csv" { time start, time end, number affected }
    calendar Office { hours Mon to Fri 08:00 to 20:00 }
    service S {
        metric Git = slices of 1 min from minutes bad when sum of errors / sum of requests > 5 % in runs of at least 5 empty slices count as good controlled by provider
        metric Gcs = slices of 5 min from minutes mean of 100 % - sum of errors / sum of requests empty slices count as 100 % controlled by provider
        metric Power = slices of 1 min from minutes bad when any of power_out controlled by provider
        metric Weighted = availability from outages outages.start to outages.end weighted by outages.affected over scheduled time controlled by provider
        metric Errors = availability of failures minutes.errors out of minutes.requests controlled by provider
        metric Resolution = elapsed from tickets.opened to tickets.resolved on Office paused while status.to_status in ("waiting", "on hold") matching status.ticket = tickets.id controlled by provider
        objective Hourly: Git >= 99.9 % per hour informational when no events not determined
        objective Cycle: Gcs >= 99.9 % per month starting on day 16 judged on business day 1 after the window at 10:00 on Office
        objective Quick: Resolution <= 2 business days per month
    }
}`;

describe('measurement constructs', async () => {
    const { Sla } = createSlaServices(EmptyFileSystem);
    const document = await parseHelper<Model>(Sla)(TEXT);
    const contract = lowerAgreement(document.parseResult.value.agreements[0], document.uri);
    const [minutes] = contract.dataSources;
    const metrics = Object.fromEntries(contract.services[0].metrics.map((m) => [m.name, m]));
    const objectives = Object.fromEntries(contract.services[0].objectives.map((o) => [o.name, o]));

    it('parse and link without errors', () => {
        expect(document.parseResult.parserErrors).toEqual([]);
        const linking = (document.references ?? []).filter((r) => r.error);
        expect(linking.map((r) => r.error?.message)).toEqual([]);
    });

    it('lower indicators with percentages as fractions and their types inferred', () => {
        const [failing, powerOut, fallback] = minutes.columns.slice(5);
        expect(failing).toMatchObject({ name: 'failing', type: 'boolean' });
        expect(failing.computed).toEqual({
            kind: 'compare',
            operator: '>',
            left: {
                kind: 'arithmetic',
                operator: '/',
                left: { kind: 'column', ref: { source: 'minutes', column: 'errors' } },
                right: { kind: 'column', ref: { source: 'minutes', column: 'requests' } },
            },
            right: { kind: 'number', value: '0.05' },
        });
        expect(powerOut.type).toBe('boolean');
        expect(fallback.computed?.kind).toBe('if');
        expect(minutes.completeUntil).toBe('2025-12-31T00:00');
    });

    it('lower slice metrics: good and bad slices with runs, and means with a value for empty slices', () => {
        expect(metrics.Git.definition).toMatchObject({
            kind: 'slices',
            sliceMs: 60_000,
            measure: 'good-share',
            minRun: 5,
            empty: 'good',
        });
        expect(metrics.Gcs.definition).toMatchObject({
            kind: 'slices',
            sliceMs: 300_000,
            measure: 'mean',
            percent: true,
            empty: '1',
        });
        expect(metrics.Gcs.unit).toBe('%');
        expect(metrics.Power.definition).toMatchObject({ measure: 'good-share', minRun: 1, empty: 'excluded' });
    });

    it('lower weighted, scheduled and failure-counted availability', () => {
        expect(metrics.Weighted.definition).toMatchObject({
            kind: 'outage-availability',
            weight: { source: 'outages', column: 'affected' },
            denominator: 'scheduled',
        });
        expect(metrics.Errors.definition).toMatchObject({ kind: 'request-availability', counts: 'bad' });
    });

    it('lower a pause log', () => {
        expect(metrics.Resolution.definition).toMatchObject({
            kind: 'elapsed',
            pausedWhile: {
                source: 'status',
                key: { source: 'status', column: 'ticket' },
                eventKey: { source: 'tickets', column: 'id' },
                status: { source: 'status', column: 'to_status' },
                statuses: ['waiting', 'on hold'],
            },
        });
    });

    it('lower windows, cut-offs, the no-events rule, informational objectives and business days', () => {
        expect(objectives.Hourly).toMatchObject({
            window: { kind: 'calendar', unit: 'hour' },
            informational: true,
            whenNoEvents: 'not-determined',
        });
        expect(objectives.Cycle).toMatchObject({
            window: { kind: 'calendar', unit: 'month', startDay: 16 },
            cutOff: { days: 1, business: true, at: '10:00', calendar: 'Office' },
        });
        expect(objectives.Quick.threshold).toEqual({ value: '2', unit: 'business-day' });
    });
});
