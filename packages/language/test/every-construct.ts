/**
 * The smoke agreement every part of the project starts from, plus the constructs it leaves out:
 * request and outage availability, MTBF, data format, data time zone, header names, `not in`,
 * number and flag values, a base agreement, a reward, fixed amounts, indicators, time slices.
 */
export const EVERY_CONSTRUCT = `
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
        indicator down = not up
        indicator late = if latency_ms > 300 ms then -latency_ms < -300 ms else false
        complete until 2026-12-31
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
        metric Slices = slices of 1 min from probes bad when any of down in runs of at least 2 empty slices count as good controlled by provider

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
        objective Minutes: Slices >= 99 % per day informational when no events met judged on business day 1 after the window at 10:00 on BusinessHours
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
