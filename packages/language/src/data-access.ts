import * as path from 'node:path';
import { URI } from 'langium';
import {
    inspectDataFile,
    isInside,
    refusal,
    resolveExisting,
    type FileInspection,
    type ReadAccess,
    type SourceDescription,
} from '@sla/interpreter';

/**
 * Whether the language services may read a data file. `inspection` is there when the contract
 * itself is at fault (the file is missing, outside the project, or no regular file), and absent
 * when the editor withholds it (an untrusted workspace, a file outside the workspace folders).
 */
export type DataAccessDecision =
    | { readonly allowed: true; readonly realPath: string }
    | { readonly allowed: false; readonly reason: string; readonly inspection?: FileInspection };

/** What an editor sends in `initializationOptions`; other editors may send the same. */
export interface ClientDataOptions {
    /** Whether the user trusts the workspace; a client that does not say is not trusted (see `trustSilentClients`). */
    readonly trusted?: boolean;
    /** Absolute folders outside the project whose data files may be read too. */
    readonly allowRead?: readonly string[];
}

/**
 * Decides which data files the language services may read. Everywhere, as `sla check` does, a
 * data path is resolved (symlinks included) and must lead to a regular file inside the project of
 * its `.sla` file or in a folder allowed explicitly (the interpreter's confinement). In an editor,
 * it must also lie inside the workspace folders, and nothing is read while the workspace is
 * untrusted, or while the client has not said that it is trusted.
 */
export class DataAccessPolicy {
    private trusted = true;
    private roots: readonly string[] | undefined;
    private allowRead: readonly string[] = [];
    private trustWhenUnsaid = false;

    /** What the server was told on its command line: trust a client that sends no trust information. */
    trustSilentClients(trust: boolean): void {
        this.trustWhenUnsaid = trust;
    }

    /** Configures the policy from an LSP `initialize` request. */
    configureFromClient(params: {
        readonly workspaceFolders?: readonly { readonly uri: string }[] | null;
        readonly rootUri?: string | null;
        readonly initializationOptions?: unknown;
    }): void {
        const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
        const options = (params.initializationOptions ?? {}) as { trusted?: unknown; allowRead?: unknown };
        const trusted = typeof options.trusted === 'boolean' ? options.trusted : this.trustWhenUnsaid;
        const allowRead = Array.isArray(options.allowRead) ? options.allowRead : [];
        this.restrictTo(
            folders,
            trusted,
            allowRead.filter((folder): folder is string => typeof folder === 'string' && path.isAbsolute(folder)),
        );
    }

    /** Restricts reads to files under `workspaceFolders` (URIs) and `allowRead`, and to none while `trusted` is false. */
    restrictTo(workspaceFolders: readonly string[], trusted: boolean, allowRead: readonly string[] = []): void {
        this.roots = workspaceFolders.map((folder) => URI.parse(folder).fsPath);
        this.trusted = trusted;
        this.allowRead = allowRead;
    }

    /** Also reads files in these folders, outside the project (the CLI's `--allow-read`). */
    allowReading(folders: readonly string[]): void {
        this.allowRead = folders.map((folder) => path.resolve(folder));
    }

    /** What the interpreter may read when it evaluates for these services. */
    get access(): ReadAccess {
        return { allowRead: this.allowRead };
    }

    async check(source: SourceDescription): Promise<DataAccessDecision> {
        if (!this.trusted) {
            return {
                allowed: false,
                reason: 'data files are not read in an untrusted workspace; trust the workspace to see them',
            };
        }
        const inspection = await inspectDataFile(source.path, source.origin.declaredAt.file, this.access);
        if (inspection.status === 'outside' || inspection.status === 'special' || inspection.status === 'unreadable') {
            const error = refusal(source, inspection);
            return { allowed: false, reason: `${error.reason}. ${error.hint}`, inspection };
        }
        if (!(await this.inWorkspace(inspection.realPath))) {
            return {
                allowed: false,
                reason: `'${source.path}' is outside the workspace folders; data is read only inside the workspace`,
            };
        }
        if (inspection.status === 'missing') return { allowed: false, reason: 'no such file', inspection };
        return { allowed: true, realPath: inspection.realPath };
    }

    private async inWorkspace(realPath: string): Promise<boolean> {
        if (!this.roots) return true;
        for (const folder of [...this.roots, ...this.allowRead]) {
            if (isInside(realPath, await resolveExisting(folder))) return true;
        }
        return false;
    }
}
