import * as path from 'node:path';
import { URI } from 'langium';

export type DataAccessDecision = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

/**
 * Decides which data files the language services may read. The CLI reads whatever the agreement
 * names; in an editor, data is read only inside the workspace folders, and not at all while the
 * workspace is untrusted.
 */
export class DataAccessPolicy {
    private trusted = true;
    private roots: readonly string[] | undefined;

    /** Restricts reads to files under `workspaceFolders` (URIs), and to none while `trusted` is false. */
    restrictTo(workspaceFolders: readonly string[], trusted: boolean): void {
        this.roots = workspaceFolders.map((folder) => URI.parse(folder).fsPath);
        this.trusted = trusted;
    }

    check(file: string): DataAccessDecision {
        if (!this.trusted) {
            return {
                allowed: false,
                reason: 'data files are not read in an untrusted workspace; trust the workspace to see them',
            };
        }
        if (this.roots && !this.roots.some((root) => isInside(file, root))) {
            return {
                allowed: false,
                reason: `'${file}' is outside the workspace folders; data is read only inside the workspace`,
            };
        }
        return { allowed: true };
    }
}

function isInside(file: string, folder: string): boolean {
    const relative = path.relative(folder, path.resolve(file));
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
