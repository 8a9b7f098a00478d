export * from './generated/ast.js';
export { SlaGrammar } from './generated/grammar.js';
export { SlaLanguageMetaData } from './generated/module.js';
export { createSlaServices, SlaModule, type SlaServices, type SlaAddedServices } from './sla-module.js';
export {
    loadAgreements,
    formatDiagnostic,
    type LoadedAgreements,
    type SlaDiagnostic,
    type Severity,
} from './sla-loader.js';
export { lowerAgreement } from './lowering/sla-lowering.js';
export { DataAccessPolicy, type ClientDataOptions, type DataAccessDecision } from './data-access.js';
export { declaredSource, readColumnNames } from './data-header.js';
export {
    ComplianceReportRequest,
    type ComplianceReportParams,
    type ComplianceReportResult,
} from './compliance/report-request.js';
