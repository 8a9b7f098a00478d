import type { AstNode, DiagnosticInfo, ValidationAcceptor } from 'langium';
import type { Diagnostics } from './codes.js';

type DiagnosticKind = (typeof Diagnostics)[keyof typeof Diagnostics];

/** Reports a diagnostic with the severity and code that the table in codes.ts gives it. */
export function report<N extends AstNode>(
    accept: ValidationAcceptor,
    kind: DiagnosticKind,
    message: string,
    info: Omit<DiagnosticInfo<N>, 'code'>,
): void {
    accept(kind.severity, message, { ...info, code: kind.code } as DiagnosticInfo<N>);
}
