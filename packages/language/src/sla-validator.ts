import type { ValidationChecks } from 'langium';
import * as ast from './generated/ast.js';
import type { SlaServices } from './sla-module.js';
import { checkAggregateFunction, checkMetricColumns } from './validation/columns.js';
import { checkImplicitController, checkUncontrolledPenalisedMetric } from './validation/control.js';
import { dataFileCheck } from './validation/data-files.js';
import { checkAgreementCurrency, checkAmountCurrency, checkCaps, checkFeeShareHasFee, checkTiers } from './validation/money.js';
import { checkUniqueAgreementMembers, checkUniqueAgreements, checkUniqueColumns, checkUniqueServiceMembers } from './validation/names.js';
import { checkTargetResolution } from './validation/resolution.js';
import { checkForceMajeure, checkMetricCount, checkServiceHasObjective } from './validation/structure.js';
import { checkDate, checkHoliday, checkPeriodExclusion, checkTerm, checkTimeRange, checkTimeZone } from './validation/time.js';
import {
    checkComparatorDirection, checkDurationQuantity, checkFeeSharePercentage, checkObjectiveUnits, checkPercentageRange, checkTierUnit
} from './validation/units.js';

/**
 * Registers the SLA checks. Each check is a small function in `validation/` that reports with a
 * stable code from `validation/codes.ts`; DIAGNOSTICS.md documents them all.
 */
export function registerValidationChecks(services: SlaServices): void {
    const registry = services.validation.ValidationRegistry;
    const validator = services.validation.SlaValidator;
    const checks: ValidationChecks<ast.SlaAstType> = {
        Model: checkUniqueAgreements,
        Agreement: [checkUniqueAgreementMembers, checkForceMajeure],
        TimeZone: checkTimeZone,
        DataTimeZone: checkTimeZone,
        Term: checkTerm,
        Amendment: (amendment, accept) => { checkDate(amendment, 'date', amendment.date, accept); },
        Holiday: checkHoliday,
        PeriodExclusion: checkPeriodExclusion,
        CoverageHours: checkTimeRange,
        MaintenanceWindow: [checkTimeRange, (window, accept) => checkDurationQuantity(window.notice, 'a notice period', accept)],
        Currency: checkAgreementCurrency,
        Fee: checkAmountCurrency,
        FixedAmount: checkAmountCurrency,
        DataSource: [checkUniqueColumns, dataFileCheck(services.data.DataAccess)],
        SampleInterval: (sample, accept) => checkDurationQuantity(sample.interval, 'a sample interval', accept),
        Service: [checkUniqueServiceMembers, checkServiceHasObjective, checkMetricCount],
        Metric: [checkImplicitController, (metric, accept) => checkMetricColumns(metric.expression, accept)],
        AggregateMetric: checkAggregateFunction,
        Objective: [checkUncontrolledPenalisedMetric, checkObjectiveUnits, checkTargetResolution],
        ThresholdTarget: checkComparatorDirection,
        ShareTarget: checkComparatorDirection,
        Quantity: checkPercentageRange,
        FeeShare: checkFeeSharePercentage,
        Remedy: [checkFeeShareHasFee, checkTiers, checkCaps],
        Tier: checkTierUnit,
        ClaimDeadline: (claim, accept) => checkDurationQuantity(claim.within, 'a claim deadline', accept)
    };
    registry.register(checks, validator);
}

/** The `this` of the registered checks; the checks themselves are plain functions. */
export class SlaValidator {}
