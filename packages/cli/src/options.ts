export const ExitCode = { Ok: 0, Breach: 1, Invalid: 2, Internal: 3 } as const;

export interface CheckOptions {
    readonly format: 'text' | 'json';
    readonly from?: string;
    readonly to?: string;
    readonly output?: string;
    readonly skipBadRows: boolean;
    readonly strict: boolean;
    readonly quiet: boolean;
}
