// Child processes of the end-to-end run. Each one is started in its own process group, so that
// stopping it by its pid also stops what it started (code-server's extension host and the
// language server). Every group is remembered until the end, since children may outlive their parent.
import { spawn } from 'node:child_process';

const running = new Set();
const STOP_GRACE_MS = 5000;

/** Starts `command` in a new process group; output goes to `onOutput` line by line. */
export function startProcess(command, args, { cwd, env, onOutput }) {
    const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    for (const stream of [child.stdout, child.stderr]) {
        stream.setEncoding('utf8');
        stream.on('data', (chunk) => onOutput?.(chunk));
    }
    return child;
}

/** Runs a command to its end; rejects with its output when it exits non-zero. */
export function runCommand(command, args, { cwd, env } = {}) {
    let output = '';
    const child = startProcess(command, args, {
        cwd,
        env,
        onOutput: (text) => {
            output += text;
        },
    });
    return new Promise((resolve, reject) => {
        child.once('error', reject);
        child.once('close', (code, signal) => {
            if (code === 0) resolve(output);
            else reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}:\n${output}`));
        });
    });
}

/** Stops one process group: SIGTERM, then SIGKILL if it is still there after a grace period. */
export async function stopProcess(child) {
    const groupId = child.pid;
    if (!signalGroup(groupId, 'SIGTERM')) return;
    const deadline = Date.now() + STOP_GRACE_MS;
    while (Date.now() < deadline) {
        if (!signalGroup(groupId, 0)) return;
        await delay(100);
    }
    signalGroup(groupId, 'SIGKILL');
}

export async function stopAllProcesses() {
    await Promise.all([...running].map(stopProcess));
    running.clear();
}

/** Sends `signal` to the process group; false when the group no longer exists. */
function signalGroup(groupId, signal) {
    try {
        process.kill(-groupId, signal);
        return true;
    } catch (error) {
        if (error.code === 'ESRCH') return false;
        throw error;
    }
}

export function delay(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
