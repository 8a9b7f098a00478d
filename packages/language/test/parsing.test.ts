import { AstUtils, EmptyFileSystem } from 'langium';
import { clearDocuments, parseHelper } from 'langium/test';
import { afterEach, describe, expect, it } from 'vitest';
import * as ast from '../src/generated/ast.js';
import { createSlaServices } from '../src/sla-module.js';
import { EVERY_CONSTRUCT } from './every-construct.js';

const services = createSlaServices(EmptyFileSystem);
const parse = parseHelper<ast.Model>(services.Sla);
afterEach(() => clearDocuments(services.shared));

async function parseClean(text: string) {
    const document = await parse(text);
    expect(document.parseResult.lexerErrors.map((e) => e.message)).toEqual([]);
    expect(document.parseResult.parserErrors.map((e) => e.message)).toEqual([]);
    const unresolved = document.references
        .filter((r) => r.ref === undefined)
        .map((r) => `${r.$refText}: ${r.error?.message}`);
    expect(unresolved).toEqual([]);
    return document;
}

describe('parsing and linking', () => {
    it('parses and links every construct of the grammar', async () => {
        const document = await parseClean(EVERY_CONSTRUCT);
        const seen = new Set(AstUtils.streamAst(document.parseResult.value).map((n) => n.$type));
        // Concrete node types are the ones without subtypes; unions like Target or Exclusion never appear as $type.
        const reflection = services.Sla.shared.AstReflection;
        const concrete = reflection
            .getAllTypes()
            .filter((type) => reflection.getAllSubTypes(type).every((sub) => sub === type));
        expect(concrete.filter((type) => !seen.has(type))).toEqual([]);
    });

    it('links references across nested blocks and through extends', async () => {
        const document = await parseClean(EVERY_CONSTRUCT);
        const [base, fibre] = document.parseResult.value.agreements;
        expect(fibre.base?.ref).toBe(base);
        const service = fibre.members.find(ast.isService)!;
        const latency = service.members.filter(ast.isMetric).find((m) => m.name === 'Latency')!;
        expect(latency.controller?.ref?.role).toBe('third-party');
        const p2 = service.members.filter(ast.isObjective).find((o) => o.name === 'P2')!;
        const scope = p2.options.find(ast.isScope)!;
        // `priority` without a source resolves in the data source that the objective's metric reads.
        expect(scope.conditions[0].column.column.ref?.$container.name).toBe('tickets');
        expect(scope.conditions[0].values.map((v) => v.text)).toEqual(['P2', 'P3']);
        const requests = service.members.filter(ast.isObjective).find((o) => o.name === 'Requests')!;
        const values = requests.options.find(ast.isScope)!.conditions.map((c) => c.values[0]);
        expect(values.map((v) => v.flag ?? v.number)).toEqual(['false', '0']);
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
        expect(source.options.filter(ast.isColumn).map((c) => `${c.type} ${c.name}`)).toEqual([
            'time time',
            'text service',
            'boolean up',
            'number count',
            'duration period',
            'text data',
        ]);
        const service = document.parseResult.value.agreements[0].members.find(ast.isService)!;
        expect(service.name).toBe('service');
        const objective = service.members.find(ast.isObjective)!;
        expect(objective.name).toBe('up');
        expect(objective.options.find(ast.isGrouping)!.column.column.ref?.name).toBe('service');
    });

    it('reports a syntax error with its line', async () => {
        const document = await parse(
            [
                'agreement A {',
                '    service S {',
                '        objective Uptime Availability >= 99.9 % per month',
                '    }',
                '}',
            ].join('\n'),
        );
        const [error] = document.parseResult.parserErrors;
        expect(error).toBeDefined();
        // Line 3 (1-based) lacks the ':' after the objective's name.
        expect(error.token.startLine).toBe(3);
        expect(error.message).toMatch(/':'/);
    });

    it('reports an unresolved name as a linking error', async () => {
        const document = await parse('agreement A { service S { objective O: Missing >= 99 % per month } }', {
            validation: true,
        });
        const linking = (document.diagnostics ?? []).filter((d) => d.message.includes('Missing'));
        expect(linking).toHaveLength(1);
        expect(linking[0].range.start).toEqual({ line: 0, character: 39 });
    });
});
