// Where a real-engine run spends its CPU (not part of `make bench`): one language and size through bench/engine.ts,
// with the CPU seconds of every process the `pulumi` command starts, by role (bench/cpu.ts).
//   TS_NODE_PROJECT=tests/tsconfig.json node -r ts-node/register/transpile-only bench/profile.ts <language> <n> [runs] [pulumi args]
// e.g. `yaml 200 1 --profiling="$(mktemp -d)/engine"` for the engine's own CPU profiles (go tool pprof).
// BENCH_ENV='{"NODE_OPTIONS":"--require <checkout>/bench/cpuprofile.js","CPUPROF_DIR":"<a mktemp -d directory>"}' adds CPU profiles of
// the Node.js processes (plugin, program; bench/cpuprofile.js),
// BENCH_KEEP=1 keeps the projects.
import { cpuObserver, formatCpu } from "./cpu";
import { Language, startEngineBench } from "./engine";

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
                const { total, text } = formatCpu(cpu[command]);
                console.log(`${language} ${n} ${command}: wall ${(ms / 1000).toFixed(1)} s, CPU ${total.toFixed(1)} s (${text})`);
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
