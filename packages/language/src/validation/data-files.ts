import type { ValidationAcceptor } from 'langium';
import { DataError, openRowSource, shownNames, type SourceDescription } from '@sla/interpreter';
import * as ast from '../generated/ast.js';
import type { DataAccessDecision, DataAccessPolicy } from '../data-access.js';
import { declaredSource } from '../data-header.js';
import { Diagnostics } from './codes.js';
import { report } from './report.js';

/**
 * The data file a source names may be read (inside the project, a regular file), exists, and its
 * header (CSV) or first record (NDJSON) has every declared column. Reads only the file's first
 * line, with the reader `sla check` uses. Documents that are not files (unsaved editors, tests) and
 * files the editor withholds (untrusted workspace, outside the workspace folders) are not checked:
 * their data is not read at all.
 */
export function dataFileCheck(policy: DataAccessPolicy) {
    return async (source: ast.DataSource, accept: ValidationAcceptor): Promise<void> => {
        const described = declaredSource(source);
        if (!described) return;
        const decision = await policy.check(described);
        if (!decision.allowed) return reportRefusal(source, described, decision, accept);
        try {
            const header = await openRowSource(described, policy.access).header();
            if (header) checkColumnsInHeader(source, header.names, accept);
        } catch (error) {
            if (!(error instanceof DataError)) throw error;
            report(
                accept,
                Diagnostics.MalformedDataHeader,
                `Data file '${source.path}' cannot be read: ${error.message}`,
                {
                    node: source,
                    property: 'path',
                },
            );
        }
    };
}

function reportRefusal(
    source: ast.DataSource,
    described: SourceDescription,
    decision: Exclude<DataAccessDecision, { allowed: true }>,
    accept: ValidationAcceptor,
): void {
    const status = decision.inspection?.status;
    if (status === undefined) return; // withheld by the editor: nothing is said about files it does not read
    if (status === 'missing') {
        report(
            accept,
            Diagnostics.MissingDataFile,
            `Data file '${source.path}' does not exist (looked for ${described.path}). Paths are relative to the folder of this .sla file.`,
            { node: source, property: 'path' },
        );
        return;
    }
    report(accept, Diagnostics.DataFileRefused, `Data file '${source.path}' is not read: ${decision.reason}`, {
        node: source,
        property: 'path',
    });
}

function checkColumnsInHeader(source: ast.DataSource, names: readonly string[], accept: ValidationAcceptor): void {
    // Indicators are computed after reading: they are in no header.
    for (const column of source.options.filter((o) => ast.isColumn(o) && !o.computed) as ast.Column[]) {
        const header = column.header ?? column.name;
        const positions = names.flatMap((name, index) => (name === header ? [index + 1] : []));
        if (positions.length > 1) {
            report(
                accept,
                Diagnostics.AmbiguousColumn,
                `Column '${header}' is named ${positions.length} times in the header of ${source.path} (columns ${positions.join(', ')}): ` +
                    'the data cannot be read until the file names it once.',
                { node: column, property: column.header ? 'header' : 'name' },
            );
        }
        if (positions.length > 0) continue;
        const advice = column.header ? '' : ` If the file names it differently, add \`header "…"\` to the column.`;
        report(
            accept,
            Diagnostics.MissingColumn,
            `Column '${header}' is not in the header of ${source.path} (${shownNames(names)}).${advice}`,
            { node: column, property: column.header ? 'header' : 'name' },
        );
    }
}
