import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DataSourceReport, Report } from '../report.js';
import { ReportCodes, type ReportCode, type ReportSeverity } from '../report-codes.js';
import { targetText, windowEntries, windowName, windowSummary } from './windows.js';

export interface SarifOptions {
    /** Version of the tool, for `tool.driver.version`. */
    readonly toolVersion: string;
    /** Paths are written relative to this folder (the repository root in CI), so code scanning can place them. */
    readonly baseDirectory: string;
}

/** The codes a SARIF report can carry, in the order of `tool.driver.rules`. */
const RULES = [
    ReportCodes.Breached,
    ReportCodes.NotDetermined,
    ReportCodes.UnreadableData,
    ReportCodes.SkippedRows,
    ReportCodes.DataNote,
] as const;

/** SARIF has three levels where the code table has four. */
const LEVEL: Record<ReportSeverity, 'error' | 'warning' | 'note'> = {
    error: 'error',
    warning: 'warning',
    info: 'note',
    hint: 'note',
};

/**
 * SARIF 2.1.0 for code-scanning tools: one result per breached or undetermined window, placed on
 * the objective, and one per data problem (unreadable file, skipped row, note), placed in the data file.
 */
export function formatSarifReport(reports: readonly Report[], options: SarifOptions): string {
    const relative = (file: string) => path.relative(options.baseDirectory, file).split(path.sep).join('/');
    const windowResults = windowEntries(reports)
        .filter((e) => e.window.verdict === 'breached' || e.window.verdict === 'not-determined')
        .map(({ objective, window }) => {
            const rule = window.verdict === 'breached' ? ReportCodes.Breached : ReportCodes.NotDetermined;
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
                            id: rule.code,
                            shortDescription: { text: rule.summary },
                            defaultConfiguration: { level: LEVEL[rule.severity] },
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

function ruleFields(rule: ReportCode): { ruleId: string; ruleIndex: number; level: string } {
    return { ruleId: rule.code, ruleIndex: RULES.indexOf(rule), level: LEVEL[rule.severity] };
}

function dataSourceResults(source: DataSourceReport, uri: string): object[] {
    const inFile = (region?: { startLine: number; startColumn: number }) => [
        { physicalLocation: { artifactLocation: { uri, uriBaseId: 'SRCROOT' }, ...(region && { region }) } },
    ];
    if (source.error !== undefined) {
        return [
            {
                ...ruleFields(ReportCodes.UnreadableData),
                message: { text: `Data ${source.name} could not be read: ${source.error}` },
                locations: inFile(),
            },
        ];
    }
    const skipped = source.skipped.map((skip) => ({
        ...ruleFields(ReportCodes.SkippedRows),
        message: { text: `Data ${source.name}: row skipped: ${skip.reason}` },
        locations: inFile({ startLine: skip.line, startColumn: skip.column }),
    }));
    const unlisted = source.rowsSkipped - source.skipped.length;
    const more =
        unlisted > 0
            ? [
                  {
                      ...ruleFields(ReportCodes.SkippedRows),
                      message: {
                          text: `Data ${source.name}: ${unlisted} more rows skipped (${source.rowsSkipped} in all; the first ${source.skipped.length} are listed)`,
                      },
                      locations: inFile(),
                  },
              ]
            : [];
    const notes = (source.notes ?? []).map((note) => ({
        ...ruleFields(ReportCodes.DataNote),
        message: { text: `Data ${source.name}: ${note}` },
        locations: inFile(),
    }));
    return [...skipped, ...more, ...notes];
}
