// Finds, in an example agreement's text, the places the end-to-end steps act on, so that the test
// follows the example as it changes instead of hard-coding line numbers.

const NAME = '[A-Za-z_][\\w-]*';

/**
 * The first credit or penalty block, the objective it applies to, that objective's metric and the
 * metric's `controlled by provider` clause (1-based line and column of the word `provider`).
 */
export function findPenalisedMetric(text, fileLabel) {
    const code = codeLines(text);
    const remedy = firstMatch(code, new RegExp(`\\b(credit|penalty)\\s+on\\s+(${NAME})`));
    if (!remedy) throw new Error(`${fileLabel}: no "credit on OBJECTIVE" or "penalty on OBJECTIVE" block found`);
    const objectiveName = remedy.match[2];

    const objective = firstMatch(code, new RegExp(`\\bobjective\\s+${objectiveName}\\s*:\\s*(.*)`));
    if (!objective) throw new Error(`${fileLabel}: objective ${objectiveName} (line ${remedy.line}) is not declared`);
    const metricName = metricOfObjective(objective.match[1]);
    if (!metricName)
        throw new Error(`${fileLabel}:${objective.line}: cannot tell which metric objective ${objectiveName} measures`);

    const metric = firstMatch(code, new RegExp(`\\bmetric\\s+${metricName}\\b.*\\bcontrolled\\s+by\\s+provider\\b`));
    if (!metric) {
        throw new Error(
            `${fileLabel}: metric ${metricName} (behind the ${remedy.match[1]} on ${objectiveName}) ` +
                'must say "controlled by provider" on its declaration line for the provider-control step',
        );
    }
    const clause = /\bcontrolled\s+by\s+provider\b/.exec(metric.text);
    return {
        remedyKind: remedy.match[1],
        objectiveName,
        objectiveLine: objective.line,
        metricName,
        metricLine: metric.line,
        providerColumn: clause.index + clause[0].length - 'provider'.length + 1,
    };
}

/** The metric an objective's body refers to: `M >= …`, `at least 90 % of M …` or `90 % of M …`. */
function metricOfObjective(body) {
    const share = new RegExp(`%\\s+of\\s+(${NAME})`).exec(body);
    if (share) return share[1];
    return new RegExp(`^(${NAME})`).exec(body.trim())?.[1];
}

/** The agreement's name and the keyword that introduces it, from the first `agreement NAME`. */
export function findAgreementHeader(text, fileLabel) {
    const header = firstMatch(codeLines(text), new RegExp(`\\bagreement\\s+(${NAME})`));
    if (!header) throw new Error(`${fileLabel}: no "agreement NAME" found`);
    return { line: header.line, column: header.text.indexOf('agreement') + 1, name: header.match[1] };
}

function firstMatch(lines, pattern) {
    for (const [index, text] of lines.entries()) {
        const match = pattern.exec(text);
        if (match) return { line: index + 1, text, match };
    }
    return undefined;
}

/** The text's lines with comments blanked out; line and column positions stay as they were. */
function codeLines(text) {
    const blank = (comment) => comment.replace(/[^\n]/g, ' ');
    return text
        .replace(/\/\*[\s\S]*?\*\//g, blank)
        .split('\n')
        .map(withoutLineComment);
}

function withoutLineComment(line) {
    let inString = false;
    for (let index = 0; index < line.length; index++) {
        if (line[index] === '"' && line[index - 1] !== '\\') inString = !inString;
        if (!inString && line.startsWith('//', index)) return line.slice(0, index);
    }
    return line;
}
