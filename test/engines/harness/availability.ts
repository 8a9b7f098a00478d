// Whether a server's programs are installed. Locally a missing server skips its tests with a
// message; in CI (CI set, or SLA_REQUIRE_ENGINES=1, which .ci/run exports) it fails them, so
// that a CI run never passes by skipping.
import { readdirSync } from 'node:fs';
import { findExecutable } from './processes.js';

export type ServerKind = 'postgres' | 'clickhouse' | 'prometheus';

export interface Availability {
    readonly available: boolean;
    /** Why not, with what to install. */
    readonly reason: string;
    /** Absolute paths of the programs, by name. */
    readonly programs: Readonly<Record<string, string>>;
}

const PACKAGES: Record<ServerKind, { readonly debian: string; readonly programs: readonly string[] }> = {
    postgres: { debian: 'postgresql', programs: ['initdb', 'postgres'] },
    clickhouse: { debian: 'clickhouse-server', programs: ['clickhouse-server'] },
    prometheus: { debian: 'prometheus', programs: ['prometheus', 'promtool'] },
};

export function enginesRequired(): boolean {
    const ci = process.env.CI;
    return (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0') || process.env.SLA_REQUIRE_ENGINES === '1';
}

/** Debian keeps PostgreSQL's server programs out of PATH, in /usr/lib/postgresql/<major>/bin. */
function postgresBinDirs(): string[] {
    const root = '/usr/lib/postgresql';
    try {
        return readdirSync(root)
            .filter((name) => /^\d+$/.test(name))
            .sort((a, b) => Number(b) - Number(a))
            .map((major) => `${root}/${major}/bin`);
    } catch {
        return [];
    }
}

export function serverAvailability(kind: ServerKind): Availability {
    const { debian, programs } = PACKAGES[kind];
    const extraDirs = kind === 'postgres' ? postgresBinDirs() : ['/usr/sbin'];
    const found: Record<string, string> = {};
    const missing: string[] = [];
    for (const program of programs) {
        const path = findExecutable([program], extraDirs);
        if (path) found[program] = path;
        else missing.push(program);
    }
    if (missing.length === 0) return { available: true, reason: '', programs: found };
    const reason = `${missing.join(' and ')} not found; install the Debian package ${debian} (.ci/run does)`;
    if (enginesRequired()) {
        throw new Error(`${kind} tests cannot run: ${reason}. CI or SLA_REQUIRE_ENGINES=1 requires them.`);
    }
    console.warn(`Skipping the ${kind} tests: ${reason}.`);
    return { available: false, reason, programs: found };
}

/** A describe title that says why the block is skipped. */
export function suiteTitle(title: string, availability: Availability): string {
    return availability.available ? title : `${title} (skipped: ${availability.reason})`;
}
