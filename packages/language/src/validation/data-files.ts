import { stat } from 'node:fs/promises';
import { AstUtils, type ValidationAcceptor } from 'langium';
import * as ast from '../generated/ast.js';
import type { DataAccessPolicy } from '../data-access.js';
import { dataFilePath, readColumnNames } from '../data-header.js';
import { Diagnostics } from './codes.js';
import { report } from './report.js';

/**
 * The data file a source names exists, and its header (CSV) or first record (NDJSON) has every
 * declared column. Reads only the file's first line. Documents that are not files (unsaved editors,
 * tests) and files the access policy forbids (untrusted workspace, outside the workspace folders)
 * are not checked: their data is not read at all.
 */
export function dataFileCheck(policy: DataAccessPolicy) {
    return async (source: ast.DataSource, accept: ValidationAcceptor): Promise<void> => {
        if (source.path === undefined) return;
        const file = dataFilePath(AstUtils.getDocument(source).uri, source.path);
        if (!file || !policy.check(file).allowed) return;
        const isFile = await stat(file).then(
            (s) => s.isFile(),
            () => false,
        );
        if (!isFile) {
            report(
                accept,
                Diagnostics.MissingDataFile,
                `Data file '${source.path}' does not exist (looked for ${file}). Paths are relative to the folder of this .sla file.`,
                { node: source, property: 'path' },
            );
            return;
        }
        if (formatOf(source) === 'json') return; // a JSON array has no header line to read cheaply
        const names = await readColumnNames(file);
        if (names) checkColumnsInHeader(source, names, accept);
    };
}

function formatOf(source: ast.DataSource): string {
    const declared = source.options.find(ast.isDataFormat)?.format;
    if (declared) return declared;
    if (/\.(ndjson|jsonl)$/i.test(source.path)) return 'ndjson';
    return /\.json$/i.test(source.path) ? 'json' : 'csv';
}

function checkColumnsInHeader(source: ast.DataSource, names: readonly string[], accept: ValidationAcceptor): void {
    for (const column of source.options.filter(ast.isColumn)) {
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
            `Column '${header}' is not in the header of ${source.path} (${names.join(', ')}).${advice}`,
            { node: column, property: column.header ? 'header' : 'name' },
        );
    }
}
