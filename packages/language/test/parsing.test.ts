import { AstUtils, EmptyFileSystem } from 'langium';
import { clearDocuments, parseHelper } from 'langium/test';
import { afterEach, describe, expect, it } from 'vitest';
import * as ast from '../src/generated/ast.js';
import { createSlaServices } from '../src/sla-module.js';

const services = createSlaServices(EmptyFileSystem);
const parse = parseHelper<ast.Model>(services.Sla);
afterEach(() => clearDocuments(services.shared));

/**
 * The smoke agreement every part of the project starts from, plus the constructs it leaves out:
 * request and outage availability, MTBF, data format, data time zone, header names, `not in`,
 * number and flag values, a base agreement, a reward, fixed amounts.
 */
const EVERY_CONSTRUCT = `
agreement Base {
    kind customer-based
    currency EUR
    exclude force majeure
}

agreement FiberBusiness extends Base {
    kind service-based
    version "1.2"
    provider Acme "Acme Networks"
    customer Globex "Globex Corp"
    third-party Cdn "Fastly"
    customer department Sales "Sales department"
    term 2025-01-01 to 2026-12-31
    timezone "Europe/Berlin"
    currency EUR
    review every quarter tightening baselines
    amendment A1 effective 2025-06-01 "Cap raised"

    calendar BusinessHours {
        hours Mon to Fri 08:00 to 20:00
        holiday 2025-12-25, 2025-12-26 "Christmas"
    }
    calendar Always { hours 24x7 }

    data probes from "data/probes.csv" {
        time timestamp, boolean up, number latency_ms unit ms
        text service
        every 1 min
    }
    data tickets from "data/tickets.csv" {
        time opened
        time resolved
        text priority
        duration waiting
        text cause
    }
    data requests from "data/requests.ndjson" {
        format ndjson
        timezone "UTC"
        time stamp header "time"
        number ok, number total
        boolean synthetic
    }

    exclude force majeure where probes.service = "x"

    service Internet "Business fibre" {
        fee 1240.00 EUR per month
        responsible provider for "network"
        responsible Globex for "power"
        report every week to customer
        metric Availability = availability of probes.up contract form missing as excluded controlled by provider
        metric Latency = p95 of probes.latency_ms controlled by Cdn
        metric Resolution = elapsed from tickets.opened to tickets.resolved on BusinessHours excluding tickets.waiting
        metric Repair = mttr from tickets.opened to tickets.resolved
        metric Between = mtbf from tickets.opened to tickets.resolved controlled by provider
        metric Tickets = count of tickets
        metric Served = availability of requests.ok out of requests.total sample form controlled by Acme
        metric Outages = availability from outages tickets.opened to tickets.resolved

        objective Uptime: Availability >= 99.9 % per month for each service coverage at least 90 % baseline 99.5 %
        objective Fast: Latency <= 300 ms per rolling 30 days
        objective P1: at least 90 % of Resolution within 2 h per month where priority = "P1"
        objective P2: 90 % of Resolution within 7 h per month where priority in ("P2", "P3") during BusinessHours
        objective Requests: Served > 99 % per week where requests.synthetic = false and requests.total != 0
        objective Others: Resolution under 24 h per quarter where priority not in ("P1", "P2")
        objective Rare: Tickets at most 20 per year
        objective Stable: Between at least 30 days per day
        objective Fixed: Repair < 4 h per month
        objective Outage: Outages >= 99 % per month
        exclude maintenance every Sunday 02:00 to 04:00 notice 48 h
        exclude period 2025-12-24T00:00 to 2025-12-27 "move"
        exclude customer-caused where tickets.cause = "customer"
        exclude third-party-caused where tickets.cause = "cdn"

        credit on Uptime {
            below 99.9 %: 10 % of fee
            below 99.0 %: 25 % of fee
            cap 100 % of fee per month
            claim within 30 days
        }
        penalty on P1 {
            1 % of fee per point below
            10 % of fee per hour of downtime
            500 EUR per breach
            cap 10 % of fee per month
        }
        penalty on Fast { above 300 ms: 50 EUR  cap 1000 EUR per term }
        reward on Uptime { above 99.99 %: 5 % of fee }
        terminate after 3 consecutive breaches of Uptime
        terminate after 6 breach of P1
    }
}`;

async function parseClean(text: string) {
    const document = await parse(text);
    expect(document.parseResult.lexerErrors.map(e => e.message)).toEqual([]);
    expect(document.parseResult.parserErrors.map(e => e.message)).toEqual([]);
    const unresolved = document.references.filter(r => r.ref === undefined).map(r => `${r.$refText}: ${r.error?.message}`);
    expect(unresolved).toEqual([]);
    return document;
}

describe('parsing and linking', () => {
    it('parses and links every construct of the grammar', async () => {
        const document = await parseClean(EVERY_CONSTRUCT);
        const seen = new Set(AstUtils.streamAst(document.parseResult.value).map(n => n.$type));
        // Concrete node types are the ones without subtypes; unions like Target or Exclusion never appear as $type.
        const reflection = services.Sla.shared.AstReflection;
        const concrete = reflection.getAllTypes().filter(type => reflection.getAllSubTypes(type).every(sub => sub === type));
        expect(concrete.filter(type => !seen.has(type))).toEqual([]);
    });

    it('links references across nested blocks and through extends', async () => {
        const document = await parseClean(EVERY_CONSTRUCT);
        const [base, fibre] = document.parseResult.value.agreements;
        expect(fibre.base?.ref).toBe(base);
        const service = fibre.members.find(ast.isService)!;
        const latency = service.members.filter(ast.isMetric).find(m => m.name === 'Latency')!;
        expect(latency.controller?.ref?.role).toBe('third-party');
        const p2 = service.members.filter(ast.isObjective).find(o => o.name === 'P2')!;
        const scope = p2.options.find(ast.isScope)!;
        // `priority` without a source resolves in the data source that the objective's metric reads.
        expect(scope.conditions[0].column.column.ref?.$container.name).toBe('tickets');
        expect(scope.conditions[0].values.map(v => v.text)).toEqual(['P2', 'P3']);
        const requests = service.members.filter(ast.isObjective).find(o => o.name === 'Requests')!;
        const values = requests.options.find(ast.isScope)!.conditions.map(c => c.values[0]);
        expect(values.map(v => v.flag ?? v.number)).toEqual(['false', '0']);
    });

    it('reads percentiles with fractions and literals as exact text', async () => {
        const document = await parseClean(`agreement A { data d from "d.csv" { number v }
            service S { metric M = p99.9 of d.v objective O: M <= 1.50 per month } }`);
        const service = document.parseResult.value.agreements[0].members.find(ast.isService)!;
        expect((service.members.find(ast.isMetric)!.expression as ast.AggregateMetric).function).toBe('p99.9');
        expect((service.members.find(ast.isObjective)!.target as ast.ThresholdTarget).threshold.value).toBe('1.50');
    });

    it('accepts keywords as names where they read naturally', async () => {
        const document = await parseClean(`agreement A {
            data probes from "p.csv" { time time, text service, boolean up, number count, duration period, text data }
            service service {
                metric availability = availability of probes.up controlled by provider
                objective up: availability >= 99 % per month for each probes.service where data = "x" and count != 1
            }
        }`);
        const source = document.parseResult.value.agreements[0].members.find(ast.isDataSource)!;
        expect(source.options.filter(ast.isColumn).map(c => `${c.type} ${c.name}`))
            .toEqual(['time time', 'text service', 'boolean up', 'number count', 'duration period', 'text data']);
        const service = document.parseResult.value.agreements[0].members.find(ast.isService)!;
        expect(service.name).toBe('service');
        const objective = service.members.find(ast.isObjective)!;
        expect(objective.name).toBe('up');
        expect(objective.options.find(ast.isGrouping)!.column.column.ref?.name).toBe('service');
    });

    it('reports a syntax error with its line', async () => {
        const document = await parse([
            'agreement A {',
            '    service S {',
            '        objective Uptime Availability >= 99.9 % per month',
            '    }',
            '}'
        ].join('\n'));
        const [error] = document.parseResult.parserErrors;
        expect(error).toBeDefined();
        // Line 3 (1-based) lacks the ':' after the objective's name.
        expect(error.token.startLine).toBe(3);
        expect(error.message).toMatch(/':'/);
    });

    it('reports an unresolved name as a linking error', async () => {
        const document = await parse('agreement A { service S { objective O: Missing >= 99 % per month } }', { validation: true });
        const linking = (document.diagnostics ?? []).filter(d => d.message.includes('Missing'));
        expect(linking).toHaveLength(1);
        expect(linking[0].range.start).toEqual({ line: 0, character: 39 });
    });
});
