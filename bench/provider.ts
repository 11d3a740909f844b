// Provider benchmarks (`make bench` runs benchProvider() from bench/run.ts; standalone:
// `TS_NODE_PROJECT=tests/tsconfig.json node -r ts-node/register/transpile-only bench/provider.ts`).
// Needs a build (make bench builds first).
//  - Start-up: from spawning the plugin exactly as the engine does (its executable, pulumi-resource-kmskey; and
//    run-plugin, the PulumiPlugin.yaml fallback) to the GetSchema answer, against a bare
//    `node -e 'require("@pulumi/pulumi")'` (spawn to exit) in the same run; alternating runs, medians.
//    Goal: ratio <= 1.5.
//  - Construct and Call latency over gRPC against the test engine: median and p95 of 200 sequential requests
//    (after a warm-up), plus the wall time and the plugin's CPU time (/proc) of 100 concurrent Constructs.
import { spawn } from "child_process";
import * as os from "os";
import { startFakeEngine } from "../tests/support/fakeEngine";
import { processCpuSeconds } from "./cpu";
import { StartOptions, callRequest, constructRequest, repoRoot, startPlugin } from "../tests/support/plugin";

const STARTS = Number(process.env.BENCH_STARTS ?? 5);
const CONSTRUCTS = Number(process.env.BENCH_CONSTRUCTS ?? 200);

const now = () => Number(process.hrtime.bigint()) / 1e6;
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)];
const percentile = (xs: number[], p: number) => sorted(xs)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];

/** Spawn to exit of `node -e 'require("@pulumi/pulumi")'`, with the plugin's cwd. */
function bareRequire(): Promise<number> {
    return new Promise((resolve, reject) => {
        const start = now();
        const child = spawn(process.execPath, ["-e", 'require("@pulumi/pulumi")'], { cwd: repoRoot, stdio: "ignore" });
        child.on("error", reject);
        child.on("exit", (code) => (code === 0 ? resolve(now() - start) : reject(new Error(`bare require exited ${code}`))));
    });
}

/** Spawn to the GetSchema answer; also returns the part up to the port on stdout. */
async function pluginStart(engineAddress: string, launch: StartOptions["launch"]): Promise<{ total: number; port: number }> {
    const start = now();
    const plugin = await startPlugin({ engineAddress, launch });
    try {
        const schema = await plugin.client.getSchema();
        if (!schema.startsWith("{")) throw new Error("bad schema");
        return { total: now() - start, port: plugin.startMs };
    } finally {
        await plugin.stop();
    }
}

export async function benchProvider(): Promise<{ lines: string[] }> {
    const lines: string[] = [];
    const engine = await startFakeEngine();
    try {
        // Start-up, alternating with the baseline so both see the same machine load.
        await bareRequire(); // warm the file cache
        const bare: number[] = [];
        const launches = { executable: { total: [] as number[], port: [] as number[] }, "run-plugin": { total: [] as number[], port: [] as number[] } };
        for (let i = 0; i < STARTS; i++) {
            bare.push(await bareRequire());
            for (const [launch, times] of Object.entries(launches)) {
                const s = await pluginStart(engine.address, launch as StartOptions["launch"]);
                times.total.push(s.total);
                times.port.push(s.port);
            }
        }
        lines.push(`Provider plugin (${os.cpus().length} cores; medians of ${STARTS} alternating runs)`);
        lines.push(`  bare node -e 'require("@pulumi/pulumi")', spawn to exit:     ${median(bare).toFixed(0).padStart(6)} ms`);
        for (const [launch, times] of Object.entries(launches)) {
            const how = launch === "executable" ? "pulumi-resource-kmskey" : "run-plugin (fallback)";
            lines.push(`  plugin as ${how.padEnd(22)} spawn to port on stdout: ${median(times.port).toFixed(0).padStart(6)} ms`);
            lines.push(`  plugin as ${how.padEnd(22)} spawn to GetSchema answer: ${median(times.total).toFixed(0).padStart(6)} ms, ratio to bare ${(median(times.total) / median(bare)).toFixed(2)}`);
        }
        lines.push(`  goal: start-up / bare @pulumi/pulumi <= 1.5`);

        // Latency over gRPC, one plugin.
        const plugin = await startPlugin({ engineAddress: engine.address });
        try {
            const construct = (name: string) =>
                plugin.client.construct(constructRequest(engine.address, "kmskey:index:KmsKey", name, { alias: name }));
            let first = now();
            const firstResp = await construct("warm-0");
            const firstMs = now() - first;
            for (let i = 1; i < 10; i++) await construct(`warm-${i}`);
            const constructMs: number[] = [];
            for (let i = 0; i < CONSTRUCTS; i++) {
                const t = now();
                await construct(`bench-${i}`);
                constructMs.push(now() - t);
            }
            const selfUrn = firstResp.getUrn();
            const callMs: number[] = [];
            for (let i = 0; i < CONSTRUCTS; i++) {
                const t = now();
                await plugin.client.call(callRequest(engine.address, "kmskey:index:KmsKey/grantDecrypt", selfUrn, { grantee: `arn:aws:iam::111122223333:role/R${i}` }));
                callMs.push(now() - t);
            }
            first = now();
            const cpuBefore = processCpuSeconds(plugin.process.pid!);
            await Promise.all(Array.from({ length: 100 }, (_, i) => construct(`concurrent-${i}`)));
            const concurrentMs = now() - first;
            const cpuMs = (processCpuSeconds(plugin.process.pid!) - cpuBefore) * 1000;
            lines.push(`  first Construct (loads @pulumi/aws and the components):  ${firstMs.toFixed(0).padStart(6)} ms`);
            lines.push(`  Construct KmsKey over gRPC, ${CONSTRUCTS} sequential:  median ${median(constructMs).toFixed(1)} ms, p95 ${percentile(constructMs, 95).toFixed(1)} ms`);
            lines.push(`  Call grantDecrypt over gRPC, ${CONSTRUCTS} sequential:  median ${median(callMs).toFixed(1)} ms, p95 ${percentile(callMs, 95).toFixed(1)} ms`);
            lines.push(`  100 concurrent Constructs: ${concurrentMs.toFixed(0)} ms wall (${(concurrentMs / 100).toFixed(1)} ms each), plugin CPU ${(cpuMs / 100).toFixed(1)} ms each`);
        } finally {
            await plugin.stop();
        }
    } finally {
        await engine.stop();
    }
    return { lines };
}

if (require.main === module) {
    benchProvider().then(({ lines }) => lines.forEach((l) => console.log(l)), (e) => {
        console.error(e);
        process.exit(1);
    });
}
