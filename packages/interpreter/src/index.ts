export * from './model.js';
export type * from './report.js';
export { evaluate, type EvaluationOptions } from './evaluate.js';
export { DataError } from './data-error.js';
export {
    DATA_FILE_EXTENSIONS,
    ReaderThread,
    fileSourceOf,
    inspectDataFile,
    isInside,
    openRowSource,
    refusal,
    resolveExisting,
    shownNames,
    type FileInspection,
    type ReadAccess,
    type RowSource,
    type SourceDescription,
    type SourceHeader,
    type SourceIdentity,
} from './sources/index.js';
export { EvaluationAborted, EvaluationThread, type ThreadEvaluationOptions } from './evaluation-thread.js';
export { formatTextReport, toJsonReport } from './format.js';
export { Rational } from './rational.js';
export { Zone, isKnownZone } from './time.js';
export {
    formatHtmlReport,
    formatJUnitReport,
    formatMarkdownReport,
    formatSarifReport,
    type SarifOptions,
    windowName,
} from './formats/index.js';
export { ReportCodes, type ReportCode, type ReportSeverity } from './report-codes.js';
export { DEFAULT_MAX_WINDOWS, LimitExceeded } from './evaluation/limits.js';
