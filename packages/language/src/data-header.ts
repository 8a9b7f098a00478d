/** A declared data source as the interpreter's row-source layer reads it, for the editor's checks and completion. */
import { AstUtils } from 'langium';
import { openRowSource, type SourceDescription, type SourceHeader } from '@sla/interpreter';
import type { DataAccessPolicy } from './data-access.js';
import type * as ast from './generated/ast.js';
import { lowerFileSource } from './lowering/sla-lowering.js';

/** The source a declaration names; undefined in documents that are not files on disk, and while the path is not written yet. */
export function declaredSource(source: ast.DataSource): SourceDescription | undefined {
    const document = AstUtils.getDocument(source);
    if (document.uri.scheme !== 'file' || typeof source.path !== 'string') return undefined;
    return lowerFileSource(source, document.uri.fsPath);
}

/**
 * The column names of a declared source's data, read cheaply (the CSV header, the keys of the first
 * NDJSON record) where the policy allows it; undefined otherwise, or when the source cannot say
 * without reading it whole. A header that cannot be read throws its DataError.
 */
export async function readColumnNames(
    source: ast.DataSource,
    policy: DataAccessPolicy,
): Promise<SourceHeader | undefined> {
    const described = declaredSource(source);
    if (!described || !(await policy.check(described)).allowed) return undefined;
    return openRowSource(described, policy.access).header();
}
