import { EmptyFileSystem } from 'langium';
import { expectHover } from 'langium/test';
import { describe, expect, it } from 'vitest';
import { allowedDowntimeMs, formatDuration } from '../src/sla-budget.js';
import { createSlaServices } from '../src/sla-module.js';

const hover = expectHover(createSlaServices(EmptyFileSystem).Sla);

const AGREEMENT = `
agreement A {
    customer Globex "Globex"
    data probes from "p.csv" { time ts, boolean up, every 1 min }
    service S {
        metric <|>Availability = availability of probes.up controlled by Globex
        objective <|>Uptime: Availability >= 99.9 % per month
    }
}`;

describe('allowed downtime', () => {
    it('matches the published figures', () => {
        // (1 − 0.999) × 30 × 1440 min = 43.2 min; × 31 days = 44.64 min; × 28 days = 40.32 min.
        expect(allowedDowntimeMs('99.9', 30)).toBe(43.2 * 60_000);
        expect(allowedDowntimeMs('99.9', 31)).toBe(2_678_400);
        expect(allowedDowntimeMs('99.9', 28)).toBe(2_419_200);
        // 99.99 % of 30 days: 0.0001 × 43200 min = 4.32 min = 259200 ms.
        expect(allowedDowntimeMs('99.99', 30)).toBe(259_200);
        expect(formatDuration(259_200)).toBe('4.32 min');
        expect(formatDuration(2_678_400)).toBe('44.64 min');
    });
});

describe('hover', () => {
    it('says who controls a metric', async () => {
        await hover({ text: AGREEMENT, index: 0, hover: /Controlled by Globex \(customer\)/ });
    });

    it('computes what an availability objective allows per month and quarter', async () => {
        await hover({ text: AGREEMENT, index: 1, hover: /43\.2 min in 30 days, 44\.64 min in 31 days/ });
        // A 90-day quarter at 99.9 %: 0.001 × 129600 min = 129.6 min = 2.16 h.
        await hover({ text: AGREEMENT, index: 1, hover: /per quarter: 2\.16 h in 90 days/ });
    });
});
