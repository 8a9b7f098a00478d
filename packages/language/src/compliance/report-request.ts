import { formatHtmlReport } from '@sla/interpreter';
import type { SlaServices } from '../sla-module.js';

/** Custom request: the compliance report of an open agreement, as a self-contained HTML page. */
export const ComplianceReportRequest = 'sla/complianceReport';

export interface ComplianceReportParams {
    readonly uri: string;
}

export type ComplianceReportResult = { readonly html: string } | { readonly unavailable: string };

export function registerComplianceReportRequest(sla: SlaServices): void {
    const compliance = sla.compliance.InlineCompliance;
    sla.shared.lsp.Connection?.onRequest(
        ComplianceReportRequest,
        (params: ComplianceReportParams): ComplianceReportResult => {
            const reports = compliance.reportsFor(params.uri);
            if (reports.length === 0) {
                return {
                    unavailable:
                        'No compliance results for this file yet: it must link without errors, name readable data files inside a trusted workspace, and be open in the editor.',
                };
            }
            return { html: formatHtmlReport(reports) };
        },
    );
}
