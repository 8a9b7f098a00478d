import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DataSourceReport, Report } from '../report.js';
import { targetText, windowEntries, windowName, windowSummary } from './windows.js';

export interface SarifOptions {
    /** Version of the tool, for `tool.driver.version`. */
    readonly toolVersion: string;
    /** Paths are written relative to this folder (the repository root in CI), so code scanning can place them. */
    readonly baseDirectory: string;
}

const RULES = [
    {
        id: 'sla/objective-breached',
        level: 'error',
        description: 'A service level objective was breached in an evaluation window.',
    },
    {
        id: 'sla/objective-not-determined',
        level: 'note',
        description: 'An objective has no verdict in a window: no data, or coverage below the required minimum.',
    },
    {
        id: 'sla/data-unreadable',
        level: 'error',
        description: 'A data file could not be read; the objectives that use it are not determined.',
    },
    {
        id: 'sla/row-skipped',
        level: 'warning',
        description: 'A row of a data file could not be read and was skipped (--skip-bad-rows).',
    },
    {
        id: 'sla/data-note',
        level: 'note',
        description: 'Something the reader had to assume about the data, such as a local time that occurs twice.',
    },
] as const;

type Rule = (typeof RULES)[number];

/**
 * SARIF 2.1.0 for code-scanning tools: one result per breached or undetermined window, placed on
 * the objective, and one per data problem (unreadable file, skipped row, note), placed in the data file.
 */
export function formatSarifReport(reports: readonly Report[], options: SarifOptions): string {
    const relative = (file: string) => path.relative(options.baseDirectory, file).split(path.sep).join('/');
    const windowResults = windowEntries(reports)
        .filter((e) => e.window.verdict !== 'met')
        .map(({ objective, window }) => {
            const rule = window.verdict === 'breached' ? RULES[0] : RULES[1];
            return {
                ...ruleFields(rule),
                message: {
                    text: `${objective.name} ${window.verdict === 'breached' ? 'breached' : 'not determined'} in ${windowName(window)} (${targetText(objective)}): ${windowSummary(window)}`,
                },
                locations: [
                    {
                        physicalLocation: {
                            artifactLocation: { uri: relative(objective.location.file), uriBaseId: 'SRCROOT' },
                            region: {
                                startLine: objective.location.line,
                                startColumn: objective.location.column,
                                endLine: objective.location.endLine,
                                endColumn: objective.location.endColumn,
                            },
                        },
                    },
                ],
                partialFingerprints: { slaWindow: `${objective.name}/${window.label}/${window.group ?? ''}` },
            };
        });
    const dataResults = reports.flatMap((report) =>
        report.dataSources.flatMap((source) => dataSourceResults(source, relative(source.path))),
    );
    const results = [...windowResults, ...dataResults];
    const sarif = {
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [
            {
                tool: {
                    driver: {
                        name: 'sla',
                        version: options.toolVersion,
                        rules: RULES.map((rule) => ({
                            id: rule.id,
                            shortDescription: { text: rule.description },
                            defaultConfiguration: { level: rule.level },
                        })),
                    },
                },
                originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(options.baseDirectory + path.sep).href } },
                results,
            },
        ],
    };
    return `${JSON.stringify(sarif, null, 2)}\n`;
}

function ruleFields(rule: Rule): { ruleId: string; ruleIndex: number; level: string } {
    return { ruleId: rule.id, ruleIndex: RULES.indexOf(rule), level: rule.level };
}

function dataSourceResults(source: DataSourceReport, uri: string): object[] {
    const rule = (id: Rule['id']) => ruleFields(RULES.find((r) => r.id === id)!);
    const inFile = (region?: { startLine: number; startColumn: number }) => [
        { physicalLocation: { artifactLocation: { uri, uriBaseId: 'SRCROOT' }, ...(region && { region }) } },
    ];
    if (source.error !== undefined) {
        return [
            {
                ...rule('sla/data-unreadable'),
                message: { text: `Data ${source.name} could not be read: ${source.error}` },
                locations: inFile(),
            },
        ];
    }
    const skipped = source.skipped.map((skip) => ({
        ...rule('sla/row-skipped'),
        message: { text: `Data ${source.name}: row skipped: ${skip.reason}` },
        locations: inFile({ startLine: skip.line, startColumn: skip.column }),
    }));
    const unlisted = source.rowsSkipped - source.skipped.length;
    const more =
        unlisted > 0
            ? [
                  {
                      ...rule('sla/row-skipped'),
                      message: {
                          text: `Data ${source.name}: ${unlisted} more rows skipped (${source.rowsSkipped} in all; the first ${source.skipped.length} are listed)`,
                      },
                      locations: inFile(),
                  },
              ]
            : [];
    const notes = (source.notes ?? []).map((note) => ({
        ...rule('sla/data-note'),
        message: { text: `Data ${source.name}: ${note}` },
        locations: inFile(),
    }));
    return [...skipped, ...more, ...notes];
}
