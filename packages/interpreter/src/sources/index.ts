/** The row-source layer, as the evaluator, the CLI and the language server use it. */
export type {
    FieldSpec,
    Row,
    RowBatch,
    RowSource,
    ScanOptions,
    ScanResult,
    ScanTuning,
    SourceDescription,
    SourceHeader,
    SourceIdentity,
} from './row-source.js';
export { eachRow } from './row-source.js';
export {
    inspectDataFile,
    isInside,
    refusal,
    resolveExisting,
    type FileInspection,
    type ReadAccess,
} from './confinement.js';
export { DATA_FILE_EXTENSIONS, fileSourceOf, openRowSource } from './registry.js';
export { ReaderThread } from './reader-thread.js';
export { scannerFor, type Scanner } from './scanner.js';
export { shownNames } from './shown-text.js';
