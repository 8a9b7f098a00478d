import type { ValidationChecks } from 'langium';
import type * as ast from './generated/ast.js';
import type { SlaServices } from './sla-module.js';
import { checkAggregateFunction, checkMetricColumns } from './validation/columns.js';
import { checkImplicitController, checkUncontrolledPenalisedMetric } from './validation/control.js';
import { dataFileCheck } from './validation/data-files.js';
import {
    checkAgreementCurrency,
    checkAmountCurrency,
    checkCaps,
    checkFeeShareHasFee,
    checkTiers,
} from './validation/money.js';
import {
    checkUniqueAgreementMembers,
    checkUniqueAgreements,
    checkUniqueColumns,
    checkUniqueServiceMembers,
} from './validation/names.js';
import { checkTargetResolution } from './validation/resolution.js';
import { checkIndicator, checkSliceMetric } from './validation/expressions.js';
import {
    checkBusinessDays,
    checkCutOff,
    checkSampleIntervalPositive,
    checkShareOverAggregate,
    checkSliceLengths,
    checkStartDay,
    checkWallClockPause,
} from './validation/measurement.js';
import {
    checkExtendsCycle,
    checkObjectiveColumnsFromMetricSources,
    checkProbeSampleInterval,
} from './validation/sources.js';
import { checkForceMajeure, checkMetricCount, checkServiceHasObjective } from './validation/structure.js';
import {
    checkAmendmentDate,
    checkHoliday,
    checkPeriodExclusion,
    checkTerm,
    checkTimeRange,
    checkTimeZone,
} from './validation/time.js';
import {
    checkClaimDeadline,
    checkComparatorDirection,
    checkFeeSharePercentage,
    checkNoticePeriod,
    checkObjectiveUnits,
    checkPercentageRange,
    checkSampleInterval,
    checkTierUnit,
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
        Agreement: [checkUniqueAgreementMembers, checkForceMajeure, checkExtendsCycle],
        TimeZone: checkTimeZone,
        DataTimeZone: checkTimeZone,
        Term: checkTerm,
        Amendment: checkAmendmentDate,
        Holiday: checkHoliday,
        PeriodExclusion: checkPeriodExclusion,
        CoverageHours: checkTimeRange,
        MaintenanceWindow: [checkTimeRange, checkNoticePeriod],
        Currency: checkAgreementCurrency,
        Fee: checkAmountCurrency,
        FixedAmount: checkAmountCurrency,
        DataSource: [checkUniqueColumns, dataFileCheck(services.data.DataAccess)],
        SampleInterval: [checkSampleInterval, checkSampleIntervalPositive],
        Column: checkIndicator,
        SliceMetric: [checkSliceMetric, checkSliceLengths],
        ElapsedMetric: checkWallClockPause,
        CutOffRule: checkCutOff,
        Window: checkStartDay,
        Service: [checkUniqueServiceMembers, checkServiceHasObjective, checkMetricCount],
        Metric: [checkImplicitController, checkMetricColumns],
        AggregateMetric: checkAggregateFunction,
        AvailabilityMetric: checkProbeSampleInterval,
        Objective: [
            checkUncontrolledPenalisedMetric,
            checkObjectiveUnits,
            checkTargetResolution,
            checkObjectiveColumnsFromMetricSources,
            checkBusinessDays,
        ],
        ThresholdTarget: checkComparatorDirection,
        ShareTarget: [checkComparatorDirection, checkShareOverAggregate],
        Quantity: checkPercentageRange,
        FeeShare: checkFeeSharePercentage,
        Remedy: [checkFeeShareHasFee, checkTiers, checkCaps],
        Tier: checkTierUnit,
        ClaimDeadline: checkClaimDeadline,
    };
    registry.register(checks, validator);
}

/** The `this` of the registered checks; the checks themselves are plain functions. */
export class SlaValidator {}
