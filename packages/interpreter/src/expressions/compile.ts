/**
 * Expressions compiled twice: a fast evaluator in doubles, and an exact one in rationals that a
 * comparison falls back on when its two sides are too close for doubles to tell apart. So
 * `errors / requests > 5 %` is decided exactly at 5 of 100, at the speed of doubles elsewhere.
 *
 * The leaves are read through a `Leaves` of the caller's: the columns of a row (indicators), or
 * the aggregates of a time slice. A double NaN, and an exact `undefined`, mean unknown.
 */
import type { Expression } from '../model.js';
import { Rational } from '../rational.js';

export interface Compiled<T> {
    readonly float: (input: T) => number;
    readonly exact: (input: T) => Rational | undefined;
}

/** How the leaves of an expression are read from the input. Undefined: the caller has no such leaf. */
export interface Leaves<T> {
    leaf(expression: Expression): Compiled<T> | undefined;
}

/** Two doubles this close (relative to their size) are compared exactly. */
const CLOSE = 1e-9;

export function compileExpression<T>(expression: Expression, leaves: Leaves<T>): Compiled<T> {
    const leaf = leaves.leaf(expression);
    if (leaf) return leaf;
    switch (expression.kind) {
        case 'number': {
            const exact = Rational.parse(expression.value);
            const float = exact.toNumber();
            return { float: () => float, exact: () => exact };
        }
        case 'boolean':
            return constant(expression.value ? Rational.ONE : Rational.ZERO);
        case 'not': {
            const operand = compileExpression(expression.operand, leaves);
            return {
                float: (input) => 1 - operand.float(input),
                exact: (input) => {
                    const value = operand.exact(input);
                    return value && Rational.ONE.sub(value);
                },
            };
        }
        case 'negate': {
            const operand = compileExpression(expression.operand, leaves);
            return { float: (input) => -operand.float(input), exact: (input) => operand.exact(input)?.neg() };
        }
        case 'arithmetic':
            return arithmetic(
                expression.operator,
                compileExpression(expression.left, leaves),
                compileExpression(expression.right, leaves),
            );
        case 'compare':
            return compare(
                expression.operator,
                compileExpression(expression.left, leaves),
                compileExpression(expression.right, leaves),
            );
        case 'logic':
            return logic(
                expression.operator,
                compileExpression(expression.left, leaves),
                compileExpression(expression.right, leaves),
            );
        case 'if':
            return choice(
                compileExpression(expression.condition, leaves),
                compileExpression(expression.then, leaves),
                compileExpression(expression.otherwise, leaves),
            );
        case 'column':
        case 'text':
        case 'aggregate':
            throw new RangeError(`a ${expression.kind} cannot stand here in an expression`);
    }
}

function constant<T>(value: Rational): Compiled<T> {
    const float = value.toNumber();
    return { float: () => float, exact: () => value };
}

function arithmetic<T>(operator: '+' | '-' | '*' | '/', left: Compiled<T>, right: Compiled<T>): Compiled<T> {
    switch (operator) {
        case '+':
            return {
                float: (input) => left.float(input) + right.float(input),
                exact: (input) => both(left, right, input, (a, b) => a.add(b)),
            };
        case '-':
            return {
                float: (input) => left.float(input) - right.float(input),
                exact: (input) => both(left, right, input, (a, b) => a.sub(b)),
            };
        case '*':
            return {
                float: (input) => left.float(input) * right.float(input),
                exact: (input) => both(left, right, input, (a, b) => a.mul(b)),
            };
        case '/':
            return {
                // A division by zero is unknown, never infinite.
                float: (input) => {
                    const divisor = right.float(input);
                    return divisor === 0 ? NaN : left.float(input) / divisor;
                },
                exact: (input) => both(left, right, input, (a, b) => (b.sign() === 0 ? undefined : a.div(b))),
            };
    }
}

function both<T>(
    left: Compiled<T>,
    right: Compiled<T>,
    input: T,
    apply: (a: Rational, b: Rational) => Rational | undefined,
): Rational | undefined {
    const a = left.exact(input);
    if (a === undefined) return undefined;
    const b = right.exact(input);
    return b === undefined ? undefined : apply(a, b);
}

type Comparison = '>' | '>=' | '<' | '<=' | '=' | '!=';

function holds(operator: Comparison, order: number): boolean {
    switch (operator) {
        case '>':
            return order > 0;
        case '>=':
            return order >= 0;
        case '<':
            return order < 0;
        case '<=':
            return order <= 0;
        case '=':
            return order === 0;
        case '!=':
            return order !== 0;
    }
}

function compare<T>(operator: Comparison, left: Compiled<T>, right: Compiled<T>): Compiled<T> {
    const exact = (input: T): Rational | undefined => {
        const order = both(left, right, input, (a, b) => Rational.of(a.cmp(b)));
        return order && (holds(operator, Number(order.num)) ? Rational.ONE : Rational.ZERO);
    };
    return {
        float: (input) => {
            const a = left.float(input);
            const b = right.float(input);
            if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
            if (Math.abs(a - b) <= CLOSE * Math.max(1, Math.abs(a), Math.abs(b))) {
                const decided = exact(input);
                return decided === undefined ? NaN : Number(decided.num);
            }
            return holds(operator, a - b) ? 1 : 0;
        },
        exact,
    };
}

/** Three-valued: false and unknown is false, true or unknown is true; otherwise unknown stays unknown. */
function logic<T>(operator: 'and' | 'or', left: Compiled<T>, right: Compiled<T>): Compiled<T> {
    const decisive = operator === 'and' ? 0 : 1;
    const combine = (a: number, b: number): number => {
        if (a === decisive || b === decisive) return decisive;
        return Number.isNaN(a) || Number.isNaN(b) ? NaN : 1 - decisive;
    };
    return {
        float: (input) => combine(left.float(input), right.float(input)),
        exact: (input) => {
            const a = left.exact(input);
            const b = right.exact(input);
            const combined = combine(a === undefined ? NaN : a.toNumber(), b === undefined ? NaN : b.toNumber());
            return Number.isNaN(combined) ? undefined : Rational.of(combined);
        },
    };
}

function choice<T>(condition: Compiled<T>, then: Compiled<T>, otherwise: Compiled<T>): Compiled<T> {
    return {
        float: (input) => {
            const c = condition.float(input);
            return Number.isNaN(c) ? NaN : c === 1 ? then.float(input) : otherwise.float(input);
        },
        exact: (input) => {
            const c = condition.exact(input);
            return c === undefined ? undefined : c.sign() !== 0 ? then.exact(input) : otherwise.exact(input);
        },
    };
}
