export const ExitCode = { Ok: 0, Breach: 1, Invalid: 2, Internal: 3 } as const;

export const FORMATS = ['text', 'json', 'junit', 'sarif', 'markdown', 'html'] as const;
export type Format = (typeof FORMATS)[number];

export interface CheckOptions {
    readonly format: Format;
    /** Extra reports to write, each to its own file: JSON, JUnit XML, SARIF, Markdown, HTML. */
    readonly reports: readonly { readonly format: Format; readonly file: string }[];
    readonly from?: string;
    readonly to?: string;
    readonly asOf?: string;
    readonly output?: string;
    readonly skipBadRows: boolean;
    readonly maxWindows?: number;
    /** Absolute folders outside the project whose data files may be read too (`--allow-read`). */
    readonly allowRead: readonly string[];
    readonly strict: boolean;
    readonly quiet: boolean;
}
