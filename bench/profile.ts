// Where a real-engine run spends its CPU (not part of `make bench`): one language and size through bench/engine.ts,
// with the CPU seconds of every process the `pulumi` command starts, read from /proc while it runs, by role.
// Wall time on a shared machine is noisy; CPU seconds per process are not.
//   TS_NODE_PROJECT=tests/tsconfig.json node -r ts-node/register/transpile-only bench/profile.ts <language> <n> [runs] [pulumi args]
// e.g. `yaml 200 1 --profiling=/tmp/prof/engine` for the engine's own CPU profiles (go tool pprof).
// BENCH_ENV='{"NODE_OPTIONS":"--cpu-prof --cpu-prof-dir=/tmp/prof"}' adds CPU profiles of the Node.js processes,
// BENCH_KEEP=1 keeps the projects.
import * as fs from "fs";
import { Language, Observer, startEngineBench } from "./engine";

const ticksPerSecond = 100; // USER_HZ, the unit of /proc/<pid>/stat's utime and stime on Linux

interface Proc { ppid: number; cpu: number; role: string }

function readProc(pid: number): Proc | undefined {
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        // The command name, field 2, is in parentheses and may contain spaces: the fields after it are split.
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
        // A process that has exited but is not yet reaped has no command line left: its name stands in.
        const command = cmdline.length ? cmdline : [stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"))];
        return { ppid: Number(fields[1]), cpu: (Number(fields[11]) + Number(fields[12])) / ticksPerSecond, role: role(command) };
    } catch {
        return undefined; // gone meanwhile
    }
}

/** A process's part in the run, from its command line. */
function role(cmdline: string[]): string {
    const line = cmdline.join(" ");
    const base = (cmdline[0] ?? "").split("/").pop() ?? "";
    if (/run-plugin|provider\/bin\/main\.js/.test(line)) return "plugin";
    if (base.startsWith("pulumi-language-")) return base.replace("pulumi-", "") + " host";
    if (base === "pulumi") return "engine";
    if (base === "node") return "program";
    if (/python/.test(base)) return "program";
    if (base.startsWith("bench-go")) return "program";
    return base;
}

/**
 * Samples the processes below each `pulumi` child of this process every 50 ms and keeps each one's last CPU
 * figure (a process's last 50 ms may be missed). The observer's result returns the sums by role.
 */
function cpuObserver(report: (command: string, byRole: Map<string, number>) => void): Observer {
    return (command) => {
        const seen = new Map<number, Proc>();
        const sample = () => {
            const procs = new Map<number, Proc>();
            for (const name of fs.readdirSync("/proc")) {
                if (!/^\d+$/.test(name)) continue;
                const p = readProc(Number(name));
                if (p) procs.set(Number(name), p);
            }
            const below = (pid: number): boolean => {
                for (let p = procs.get(pid); p; p = procs.get(p.ppid)) {
                    if (p.role === "engine" && p.ppid === process.pid) return true;
                }
                return false;
            };
            // A process keeps the role of its first sample: once it has exited, its name is all that is left.
            for (const [pid, p] of procs) if (below(pid)) seen.set(pid, { ...p, role: seen.get(pid)?.role ?? p.role });
        };
        const timer = setInterval(sample, 50);
        return () => {
            clearInterval(timer);
            const byRole = new Map<string, number>();
            for (const p of seen.values()) byRole.set(p.role, (byRole.get(p.role) ?? 0) + p.cpu);
            report(command, byRole);
        };
    };
}

async function main() {
    const [language, size, runsArg, ...pulumiArgs] = process.argv.slice(2);
    const n = Number(size);
    const runs = Number(runsArg ?? 1);
    const bench = await startEngineBench();
    try {
        await bench.run(language as Language, 1); // untimed: file caches, builds
        for (let r = 0; r < runs; r++) {
            const cpu: { [command: string]: Map<string, number> } = {};
            const t = await bench.run(language as Language, n, pulumiArgs, cpuObserver((command, byRole) => { cpu[command] = byRole; }));
            for (const [command, ms] of [["preview", t.previewMs], ["up", t.upMs]] as const) {
                const byRole = [...cpu[command]].sort((a, b) => b[1] - a[1]);
                const total = byRole.reduce((s, [, c]) => s + c, 0);
                console.log(`${language} ${n} ${command}: wall ${(ms / 1000).toFixed(1)} s, CPU ${total.toFixed(1)} s (` +
                    byRole.map(([r, c]) => `${r} ${c.toFixed(1)}`).join(", ") + ")");
            }
        }
    } finally {
        await bench.stop();
    }
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
