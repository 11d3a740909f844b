import { ChildProcess } from "child_process";

/**
 * Waits for a spawned Pulumi plugin (or provider) to print its port on a line of its own, as the engine
 * does. Rejects when the process exits first or prints nothing in time (then kills it).
 */
export function waitForPort(child: ChildProcess, what: string, timeoutMs: number, stderr: () => string): Promise<number> {
    return new Promise<number>((resolve, reject) => {
        let stdout = "";
        const timer = setTimeout(() => {
            child.kill("SIGKILL");
            reject(new Error(`${what} printed no port within ${timeoutMs} ms; stdout: ${stdout}; stderr: ${stderr()}`));
        }, timeoutMs);
        const onExit = (code: number | null) => {
            clearTimeout(timer);
            reject(new Error(`${what} exited (${code}) before printing its port; stdout: ${stdout}; stderr: ${stderr()}`));
        };
        child.once("exit", onExit);
        child.stdout!.on("data", function onData(d) {
            stdout += String(d);
            const line = stdout.split("\n").find((l) => /^\d+$/.test(l.trim()));
            if (!line) return;
            clearTimeout(timer);
            child.removeListener("exit", onExit);
            child.stdout!.removeListener("data", onData);
            child.stdout!.resume();
            resolve(Number(line.trim()));
        });
    });
}
