import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Report } from '../report.js';
import { targetText, windowEntries, windowName, windowSummary } from './windows.js';

export interface SarifOptions {
    /** Version of the tool, for `tool.driver.version`. */
    readonly toolVersion: string;
    /** Paths are written relative to this folder (the repository root in CI), so code scanning can place them. */
    readonly baseDirectory: string;
}

const RULES = [
    { id: 'sla/objective-breached', level: 'error', description: 'A service level objective was breached in an evaluation window.' },
    { id: 'sla/objective-not-determined', level: 'note', description: 'An objective has no verdict in a window: no data, or coverage below the required minimum.' }
] as const;

/** SARIF 2.1.0 for code-scanning tools: one result per breached or undetermined window, placed on the objective. */
export function formatSarifReport(reports: readonly Report[], options: SarifOptions): string {
    const results = windowEntries(reports).filter(e => e.window.verdict !== 'met').map(({ objective, window }) => {
        const rule = window.verdict === 'breached' ? RULES[0] : RULES[1];
        const relative = path.relative(options.baseDirectory, objective.location.file).split(path.sep).join('/');
        return {
            ruleId: rule.id,
            ruleIndex: RULES.indexOf(rule),
            level: rule.level,
            message: { text: `${objective.name} ${window.verdict === 'breached' ? 'breached' : 'not determined'} in ${windowName(window)} (${targetText(objective)}): ${windowSummary(window)}` },
            locations: [{
                physicalLocation: {
                    artifactLocation: { uri: relative, uriBaseId: 'SRCROOT' },
                    region: {
                        startLine: objective.location.line, startColumn: objective.location.column,
                        endLine: objective.location.endLine, endColumn: objective.location.endColumn
                    }
                }
            }],
            partialFingerprints: { slaWindow: `${objective.name}/${window.label}/${window.group ?? ''}` }
        };
    });
    const sarif = {
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [{
            tool: {
                driver: {
                    name: 'sla',
                    version: options.toolVersion,
                    rules: RULES.map(rule => ({ id: rule.id, shortDescription: { text: rule.description }, defaultConfiguration: { level: rule.level } }))
                }
            },
            originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(options.baseDirectory + path.sep).href } },
            results
        }]
    };
    return `${JSON.stringify(sarif, null, 2)}\n`;
}
