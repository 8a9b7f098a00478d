import {
    stream,
    ValidationRegistry,
    type AstNode,
    type Stream,
    type ValidationAcceptor,
    type ValidationCategory,
    type ValidationCheck,
} from 'langium';

/** Langium's entry type, which it does not export. */
interface CheckEntry {
    check: ValidationCheck;
    category: ValidationCategory;
}

/**
 * Langium's registry, cheaper per syntax node: validation asks for the checks of every node (tens
 * of thousands in a large agreement), so the list per type is kept rather than built each time;
 * and a check that returns without a promise is not wrapped in three. Errors thrown by a check
 * are reported exactly as Langium reports them.
 */
export class SlaValidationRegistry extends ValidationRegistry {
    private allCategories = new Map<string, readonly ValidationCheck[]>();
    private registrations = 0;
    /** By the categories' names: Langium makes a new array of them for every validation. */
    private byCategories = new Map<string, Map<string, readonly ValidationCheck[]>>();

    override getChecks(type: string, categories?: ValidationCategory[]): Stream<ValidationCheck> {
        return stream(this.checksFor(type, categories));
    }

    /** Changes whenever a check is registered: results of earlier checks are not to be taken for those of the new set. */
    get generation(): number {
        return this.registrations;
    }

    /** The checks of a node type, as an array kept until checks are registered again. */
    checksFor(type: string, categories?: ValidationCategory[]): readonly ValidationCheck[] {
        return this.checksIn(this.knownIn(categories), type, categories);
    }

    /** `checksFor` with the categories fixed: for a validation, which asks for every node's type. */
    checksOfCategories(categories?: ValidationCategory[]): (type: string) => readonly ValidationCheck[] {
        const known = this.knownIn(categories);
        return (type) => this.checksIn(known, type, categories);
    }

    private knownIn(categories: ValidationCategory[] | undefined): Map<string, readonly ValidationCheck[]> {
        const key = categories?.join(',');
        let known = key === undefined ? this.allCategories : this.byCategories.get(key);
        if (!known) {
            known = new Map();
            this.byCategories.set(key!, known);
        }
        return known;
    }

    private checksIn(
        known: Map<string, readonly ValidationCheck[]>,
        type: string,
        categories: ValidationCategory[] | undefined,
    ): readonly ValidationCheck[] {
        let checks = known.get(type);
        if (!checks) {
            checks = super.getChecks(type, categories).toArray();
            known.set(type, checks);
        }
        return checks;
    }

    protected override addEntry(type: string, entry: CheckEntry): void {
        this.registrations++;
        this.allCategories = new Map();
        this.byCategories = new Map();
        super.addEntry(type, entry);
    }

    protected override wrapValidationException(check: ValidationCheck, thisObj: unknown): ValidationCheck {
        const crashed = (error: unknown, accept: ValidationAcceptor, node: AstNode) =>
            this.handleException(
                () => {
                    throw error;
                },
                'An error occurred during validation',
                accept,
                node,
            );
        return (node, accept, cancelToken) => {
            try {
                const result = check.call(thisObj, node, accept, cancelToken);
                return result instanceof Promise ? result.catch((error) => crashed(error, accept, node)) : undefined;
            } catch (error) {
                return crashed(error, accept, node);
            }
        };
    }
}
