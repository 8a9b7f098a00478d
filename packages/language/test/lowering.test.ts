import { EmptyFileSystem, URI } from 'langium';
import { parseHelper } from 'langium/test';
import { describe, expect, it } from 'vitest';
import type { Model } from '../src/generated/ast.js';
import { isLowerable, lowerAgreement } from '../src/lowering/sla-lowering.js';
import { multiplyDecimal } from '../src/lowering/units.js';
import { createSlaServices } from '../src/sla-module.js';

const services = createSlaServices(EmptyFileSystem).Sla;
const parse = parseHelper<Model>(services);

let documentCount = 0;

async function lower(text: string) {
    const uri = `file:///contracts/main${++documentCount}.sla`;
    const document = await parse(text, { documentUri: uri });
    expect(document.parseResult.lexerErrors).toEqual([]);
    expect(document.parseResult.parserErrors.map((e) => e.message)).toEqual([]);
    return lowerAgreement(document.parseResult.value.agreements[0], URI.parse(uri));
}

const AGREEMENT = `
agreement Base {
    timezone "Europe/Berlin"
    currency EUR
    data probes from "data/probes.csv" { time timestamp, boolean up, number latency_ms unit ms, text region, every 30 s }
    exclude maintenance every Sat to Sun 23:00 to 01:00
    service Internet {
        fee 1240.00 EUR per month
        metric Availability = availability of probes.up controlled by customer
        metric Latency = p99.9 of probes.latency_ms nearest-rank
        objective Uptime: Availability at least 99.9 % per month where region in ("eu", "us") for each region
        objective Fast: Latency under 1.5 s per rolling 30 days
        exclude period 2025-03-01 to 2025-03-02T12:30
        credit on Uptime { below 99.9 %: 10 % of fee  cap 100 % of fee per year  claim within 30 days }
        penalty on Fast { 2 % of fee per 10 ms above }
        terminate after 3 consecutive breaches of Uptime
    }
}`;

describe('lowering to the contract model', () => {
    it('resolves data paths against the file and canonicalises units', async () => {
        const contract = await lower(AGREEMENT);
        const [probes] = contract.dataSources;
        expect(probes.path).toBe(URI.file('/contracts/data/probes.csv').fsPath);
        expect(probes.sampleIntervalMs).toBe(30_000);
        expect(probes.columns.find((c) => c.name === 'latency_ms')?.unit).toBe('ms');
        const fast = contract.services[0].objectives.find((o) => o.name === 'Fast')!;
        // 1.5 s = 1500 ms; "under" is a strict comparison.
        expect(fast.threshold).toEqual({ value: '1500', unit: 'ms' });
        expect(fast.comparator).toBe('<');
        expect(fast.window).toEqual({ kind: 'rolling', days: 30 });
    });

    it('keeps thresholds and amounts as the exact decimal text written', async () => {
        const service = (await lower(AGREEMENT)).services[0];
        const uptime = service.objectives.find((o) => o.name === 'Uptime')!;
        expect(uptime.threshold).toEqual({ value: '99.9', unit: '%' });
        expect(uptime.comparator).toBe('>=');
        expect(uptime.where).toEqual([
            { column: { source: 'probes', column: 'region' }, operator: 'in', values: ['eu', 'us'] },
        ]);
        expect(uptime.groupBy).toEqual({ source: 'probes', column: 'region' });
        expect(service.fee).toEqual({ amount: '1240.00', currency: 'EUR', per: 'month' });
        const credit = service.remedies.find((r) => r.kind === 'credit')!;
        expect(credit.tiers[0].amount).toEqual({ kind: 'fee-share', percent: '10' });
        expect(credit.caps).toEqual([{ amount: { kind: 'fee-share', percent: '100' }, per: 'year' }]);
        expect(credit.claimWithinMs).toBe(30 * 86_400_000);
        const penalty = service.remedies.find((r) => r.kind === 'penalty')!;
        expect(penalty.rates).toEqual([
            { amount: { kind: 'fee-share', percent: '2' }, step: { value: '10', unit: 'ms' }, basis: 'above' },
        ]);
    });

    it('lowers metrics with their controller, percentile and method', async () => {
        const [availability, latency] = (await lower(AGREEMENT)).services[0].metrics;
        expect(availability.controlledBy).toEqual({ role: 'customer', party: undefined, stated: true });
        expect(availability.definition).toMatchObject({
            kind: 'probe-availability',
            form: 'contract',
            missing: 'unknown',
        });
        expect(latency.controlledBy.stated).toBe(false);
        expect(latency.definition).toMatchObject({
            kind: 'aggregate',
            function: 'percentile',
            percentile: '99.9',
            method: 'nearest-rank',
        });
        expect(latency.unit).toBe('ms');
    });

    it("puts agreement-wide exclusions after the service's own and expands weekday ranges", async () => {
        const { exclusions } = (await lower(AGREEMENT)).services[0];
        expect(exclusions.map((e) => e.kind)).toEqual(['period', 'maintenance']);
        expect(exclusions[0]).toMatchObject({ from: '2025-03-01T00:00', to: '2025-03-02T12:30' });
        // "Sat to Sun" covers Saturday (6) and Sunday (7); the window runs past midnight.
        expect(exclusions[1]).toMatchObject({ days: [6, 7], from: '23:00', to: '01:00' });
    });

    it('wraps weekday ranges across the end of the week', async () => {
        const contract = await lower(
            'agreement A { exclude maintenance every Fri to Mon 01:00 to 02:00 service S {} }',
        );
        expect(contract.services[0].exclusions[0]).toMatchObject({ days: [1, 5, 6, 7] });
    });

    it('inherits declarations from the agreement it extends', async () => {
        const document = await parse(
            `
agreement Corporate { timezone "Europe/Paris" currency EUR exclude force majeure }
agreement Team extends Corporate { currency USD service Desk {} }`,
            { documentUri: 'file:///c/multi.sla' },
        );
        const team = lowerAgreement(document.parseResult.value.agreements[1], document.uri);
        expect(team.timeZone).toBe('Europe/Paris');
        expect(team.currency).toBe('USD');
        expect(team.services[0].exclusions).toMatchObject([{ kind: 'cause', cause: 'force-majeure' }]);
    });
});

describe('exact decimal scaling', () => {
    it('multiplies without binary rounding', () => {
        // 0.1 h = 360000 ms exactly (0.1 * 3600000 in floats is 360000.00000000006).
        expect(multiplyDecimal('0.1', 3_600_000n)).toBe('360000');
        expect(multiplyDecimal('1.25', 1000n)).toBe('1250');
        expect(multiplyDecimal('0.0005', 1000n)).toBe('0.5');
        expect(multiplyDecimal('007', 2n)).toBe('14');
    });
});

describe('isLowerable', () => {
    const sla = () => createSlaServices(EmptyFileSystem);
    const text = (metric: string) => `agreement Main extends Base {
    data probes from "probes.csv" { time timestamp, number latency_ms unit ms every 1 min }
    service S {
        metric Latency = p95 of probes.latency_ms controlled by ${metric}
        objective Fast: Latency <= 300 ms per month
    }
}`;
    const BASE = 'agreement Base { provider Acme "Acme" }';

    async function agreementsOf(server: ReturnType<typeof sla>, files: Record<string, string>) {
        const documents = Object.entries(files).map(([name, content]) =>
            server.shared.workspace.LangiumDocumentFactory.fromString<Model>(content, URI.parse(`memory:/${name}`)),
        );
        for (const document of documents) server.shared.workspace.LangiumDocuments.addDocument(document);
        await server.shared.workspace.DocumentBuilder.build(documents, {});
        return documents.map((document) => document.parseResult.value.agreements[0]);
    }

    it('holds when every reference of the agreement and of the agreements it extends resolves, and no file has errors', async () => {
        const [main, base] = await agreementsOf(sla(), { 'main.sla': text('Acme'), 'base.sla': BASE });
        expect(isLowerable(main)).toBe(true);
        expect(isLowerable(base)).toBe(true);
    });

    it('fails for a reference inside a service that does not resolve', async () => {
        const [main] = await agreementsOf(sla(), { 'main.sla': text('Acmee'), 'base.sla': BASE });
        expect(isLowerable(main)).toBe(false);
    });

    it('fails when an agreement it extends, in another file, has an unresolved reference or a syntax error', async () => {
        const [unresolved] = await agreementsOf(sla(), {
            'main.sla': text('Acme'),
            'base.sla': 'agreement Base extends Nowhere { provider Acme "Acme" }',
        });
        expect(isLowerable(unresolved)).toBe(false);
        const [broken] = await agreementsOf(sla(), {
            'main.sla': text('Acme'),
            'base.sla': 'agreement Base { provider Acme "Acme" service }',
        });
        expect(isLowerable(broken)).toBe(false);
    });
});
