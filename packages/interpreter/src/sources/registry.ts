/**
 * The kinds of row source. Adding one means: its grammar and lowering, a module with its
 * `RowSource`, and a line here; the compiler refuses a `SourceKind` that has no line.
 */
import * as path from 'node:path';
import type { DataOrigin, FileFormat, SourceKind, SourceLocation } from '../model.js';
import type { ReadAccess } from './confinement.js';
import { CsvSource } from './csv-source.js';
import { JsonSource } from './json-source.js';
import { NdjsonSource } from './ndjson-source.js';
import type { RowSource, SourceDescription } from './row-source.js';

interface SourceKindSpec {
    /** File name endings that mean this kind when the contract states no format (none for sources that are no file). */
    readonly extensions: readonly string[];
    open(source: SourceDescription, access: ReadAccess): RowSource;
}

const SOURCE_KINDS: Readonly<Record<SourceKind, SourceKindSpec>> = {
    csv: { extensions: ['.csv'], open: (source, access) => new CsvSource(source, access) },
    ndjson: { extensions: ['.ndjson', '.jsonl'], open: (source, access) => new NdjsonSource(source, access) },
    json: { extensions: ['.json'], open: (source, access) => new JsonSource(source, access) },
};

/** A file whose name has none of the known endings is read as CSV. */
const DEFAULT_FILE_FORMAT: FileFormat = 'csv';

/** The source of a data source's rows, confined to what `access` allows (see confinement.ts). */
export function openRowSource(source: SourceDescription, access: ReadAccess = {}): RowSource {
    return SOURCE_KINDS[source.origin.kind].open(source, access);
}

/**
 * Where the rows of `data NAME from "PATH"` come from: the path resolved against the folder of the
 * declaring `.sla` file, and the format stated (`format ndjson`) or told by the file name.
 */
export function fileSourceOf(
    declaredPath: string,
    statedFormat: FileFormat | undefined,
    declaredAt: SourceLocation,
): { readonly path: string; readonly origin: DataOrigin } {
    return {
        path: path.resolve(path.dirname(declaredAt.file), declaredPath),
        origin: { kind: statedFormat ?? fileFormatOf(declaredPath), declaredPath, declaredAt },
    };
}

function fileFormatOf(file: string): FileFormat {
    const extension = path.extname(file).toLowerCase();
    const kinds = Object.keys(SOURCE_KINDS) as SourceKind[];
    // Only file formats name extensions, so the kind found is one.
    return (
        (kinds.find((kind) => SOURCE_KINDS[kind].extensions.includes(extension)) as FileFormat) ?? DEFAULT_FILE_FORMAT
    );
}

/** The file name endings of every file kind, for watching data files in a workspace. */
export const DATA_FILE_EXTENSIONS: readonly string[] = Object.values(SOURCE_KINDS).flatMap((kind) => kind.extensions);
