/** Every metric kind and its module: the compiler refuses a kind of the model that is not here. */
import type { DefinitionOf, MetricKind, MetricKindSpec } from './kind.js';
import { aggregate } from './aggregate.js';
import { count } from './count.js';
import { elapsed } from './elapsed.js';
import { outageAvailability } from './outage-availability.js';
import { probeAvailability } from './probe-availability.js';
import { mttr } from './repair-time.js';
import { requestAvailability } from './request-availability.js';
import { slices } from './slices.js';
import { mtbf } from './time-between-failures.js';

const KINDS: { readonly [K in MetricKind]: MetricKindSpec<DefinitionOf<K>> } = {
    'probe-availability': probeAvailability,
    'request-availability': requestAvailability,
    'outage-availability': outageAvailability,
    aggregate,
    elapsed,
    mttr,
    mtbf,
    count,
    slices,
};

/** The module of a definition's kind, typed for that definition. */
export function kindOf<K extends MetricKind>(definition: DefinitionOf<K>): MetricKindSpec<DefinitionOf<K>> {
    const kind: K = definition.kind;
    return KINDS[kind];
}
