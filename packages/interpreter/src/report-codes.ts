/**
 * The codes of what an evaluation reports — verdicts and data problems — with one severity each,
 * used alike by the CLI's report formats (SARIF, annotations) and the editor's inline compliance.
 * packages/language/DIAGNOSTICS.md documents them; a test keeps the two in step.
 */
export type ReportSeverity = 'error' | 'warning' | 'info' | 'hint';

export interface ReportCode {
    readonly code: string;
    readonly severity: ReportSeverity;
    readonly summary: string;
}

function code(code: string, severity: ReportSeverity, summary: string): ReportCode {
    return { code, severity, summary };
}

export const ReportCodes = {
    Breached: code(
        'sla/objective-breached',
        'warning',
        'A service level objective was breached in an evaluation window.',
    ),
    NotDetermined: code(
        'sla/objective-not-determined',
        'info',
        'An objective has no verdict in a window: no data, or coverage below the required minimum.',
    ),
    Met: code('sla/objective-met', 'hint', 'The objective was met in every evaluated window.'),
    MalformedData: code(
        'sla/malformed-data',
        'error',
        'The data cannot be evaluated at all (for example a timestamp without offset and no declared zone).',
    ),
    SkippedRows: code(
        'sla/skipped-rows',
        'warning',
        'Rows of a data file could not be read and were skipped (--skip-bad-rows; always in the editor).',
    ),
    UnreadableData: code(
        'sla/unreadable-data',
        'error',
        'A data file could not be read, so the objectives that use it are not determined.',
    ),
    DataNotRead: code(
        'sla/data-not-read',
        'info',
        'Compliance is not shown because the data is outside the workspace or the workspace is untrusted.',
    ),
    EvaluationRefused: code(
        'sla/evaluation-refused',
        'warning',
        'The agreement cannot be evaluated as it stands, e.g. it would exceed a bound on the work; the message says what to change.',
    ),
    DataNote: code(
        'sla/data-note',
        'info',
        'Something the reader had to assume about the data, such as a local time that occurs twice.',
    ),
} as const satisfies Record<string, ReportCode>;
