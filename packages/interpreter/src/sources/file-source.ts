/** What every file source shares: confinement at open time, identity and size from the resolved file. */
import * as path from 'node:path';
import type { FileOrigin } from '../model.js';
import { inspectDataFile, openDataFile, type ConfinedFile, type ReadAccess } from './confinement.js';
import type {
    FieldSpec,
    Row,
    RowSource,
    ScanOptions,
    ScanResult,
    ScanTuning,
    SourceDescription,
    SourceHeader,
    SourceIdentity,
} from './row-source.js';

export type FileSourceDescription = SourceDescription & { readonly origin: FileOrigin };

export abstract class FileSource implements RowSource {
    constructor(
        protected readonly source: FileSourceDescription,
        private readonly access: ReadAccess,
    ) {}

    abstract header(): Promise<SourceHeader | undefined>;

    abstract scan(
        fields: readonly FieldSpec[],
        onRow: (row: Row) => void,
        options?: ScanOptions,
        tuning?: ScanTuning,
    ): Promise<ScanResult>;

    async identity(): Promise<SourceIdentity> {
        const inspection = await this.inspect();
        const resolved = 'realPath' in inspection ? inspection.realPath : path.resolve(this.source.path);
        const { stats } = inspection.status === 'readable' ? inspection : { stats: undefined };
        return {
            key: `${this.source.origin.kind} ${resolved}`,
            version: stats ? `${stats.mtimeMs}:${stats.size}` : inspection.status,
            watch: [...new Set([path.resolve(this.source.path), resolved])],
        };
    }

    async size(): Promise<number | undefined> {
        const inspection = await this.inspect();
        return inspection.status === 'readable' ? inspection.stats.size : undefined;
    }

    /** Opens the file, or throws the DataError that says why it may not or cannot be read. */
    protected open(): Promise<ConfinedFile> {
        return openDataFile(this.source, this.access);
    }

    private inspect() {
        return inspectDataFile(this.source.path, this.source.origin.declaredAt.file, this.access);
    }
}
