import type { ValidationChecks } from 'langium';
import type { SlaAstType } from './generated/ast.js';
import type { SlaServices } from './sla-module.js';

export function registerValidationChecks(services: SlaServices): void {
    const registry = services.validation.ValidationRegistry;
    const validator = services.validation.SlaValidator;
    const checks: ValidationChecks<SlaAstType> = {};
    registry.register(checks, validator);
}

export class SlaValidator {}
