/**
 * Preloaded with `node --import` when GNU time is not installed: writes the process's peak RSS
 * (KiB) to $SLA_BENCH_RSS_FILE when it exits.
 */
import * as fs from 'node:fs';

const target = process.env.SLA_BENCH_RSS_FILE;
if (target) {
    process.on('exit', () => fs.writeFileSync(target, `${process.resourceUsage().maxRSS}\n`));
}
