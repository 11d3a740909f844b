// CPU seconds of every process a `pulumi` command starts, read from /proc while it runs, summed by role (engine,
// language hosts, plugin, program): wall time on a shared machine is noisy, CPU seconds per process much less so.
// Used by bench/engine.ts (the largest size) and bench/profile.ts.
import * as fs from "fs";
import type { Observer } from "./engine";

const ticksPerSecond = 100; // USER_HZ, the unit of /proc/<pid>/stat's utime and stime on Linux

interface Proc { ppid: number; cpu: number; role: string }

/** The CPU seconds (user and system) a process has used so far. */
export function processCpuSeconds(pid: number): number {
    const p = readProc(pid);
    if (!p) throw new Error(`no process ${pid}`);
    return p.cpu;
}

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
    if (/run-plugin|provider\/bin\/main\.js|pulumi-resource-kmskey/.test(line)) return "plugin"; // node <checkout>/pulumi-resource-kmskey when run directly
    if (base.startsWith("pulumi-language-")) return base.replace("pulumi-", "") + " host";
    if (base === "pulumi") return "engine";
    if (base === "node") return "program";
    if (/python/.test(base)) return "program";
    if (base.startsWith("bench-go")) return "program";
    return base;
}

/**
 * Samples the processes below each `pulumi` child of this process every `intervalMs` and keeps each one's last CPU
 * figure (a process's last interval may be missed). The observer's result returns the sums by role.
 */
export function cpuObserver(report: (command: string, byRole: Map<string, number>) => void, intervalMs = 50): Observer {
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
        const timer = setInterval(sample, intervalMs);
        return () => {
            clearInterval(timer);
            const byRole = new Map<string, number>();
            for (const p of seen.values()) byRole.set(p.role, (byRole.get(p.role) ?? 0) + p.cpu);
            report(command, byRole);
        };
    };
}

/** "engine 1.2, plugin 3.4, ..." (CPU seconds, largest first) and the total. */
export function formatCpu(byRole: Map<string, number>): { total: number; text: string } {
    const sorted = [...byRole].sort((a, b) => b[1] - a[1]);
    return { total: sorted.reduce((s, [, c]) => s + c, 0), text: sorted.map(([r, c]) => `${r} ${c.toFixed(1)}`).join(", ") };
}
