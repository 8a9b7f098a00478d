import type { SlaServices } from './sla-module.js';

/**
 * An agreement that touches the common constructs. Parsing it once while the server initialises
 * builds the parser (about 100 ms) and fills its lookahead caches before the user opens a file.
 */
export const WARM_UP_AGREEMENT = `
agreement WarmUp {
    kind service-based
    provider Acme "Acme" customer Globex "Globex"
    term 2025-01-01 to 2025-12-31
    timezone "UTC"
    currency EUR
    calendar Hours { hours Mon to Fri 08:00 to 20:00 holiday 2025-12-25 }
    data probes from "probes.csv" { time timestamp, text service, boolean up, number latency_ms unit ms every 1 min }
    data tickets from "tickets.csv" { time opened time resolved text priority duration waiting }
    exclude force majeure
    service S "Service" {
        fee 100.00 EUR per month
        responsible provider for "network"
        report every month to customer
        metric Availability = availability of probes.up sample form controlled by provider
        metric Latency = p95 of probes.latency_ms controlled by provider
        metric Resolution = elapsed from tickets.opened to tickets.resolved on Hours excluding tickets.waiting
        objective Uptime: Availability >= 99.9 % per month for each probes.service coverage at least 90 %
        objective Fast: Latency <= 300 ms per month where service = "a"
        objective P1: 90 % of Resolution within 2 h per month where priority in ("P1", "P2") during Hours
        exclude maintenance every Sunday 02:00 to 04:00 notice 48 h
        exclude period 2025-03-01 to 2025-03-02T12:00 "move"
        credit on Uptime { below 99.9 %: 10 % of fee below 99.0 %: 25 % of fee cap 100 % of fee per month claim within 30 days }
        penalty on P1 { 1 % of fee per point below cap 10 % of fee per month }
        terminate after 3 consecutive breaches of Uptime
    }
}`;

export function warmUpParser(sla: SlaServices): void {
    sla.parser.LangiumParser.parse(WARM_UP_AGREEMENT);
}
