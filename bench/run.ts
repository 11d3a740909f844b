// `make bench`: figures and ratios from one run (not a test). Each scenario runs in its own process
// (for its own peak memory), alternating, and the median of the runs is reported.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const root = path.join(__dirname, "..");
const COUNT = Number(process.env.BENCH_KEYS ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Figure { ms: number; maxRssMiB: number }

function scenario(name: string): Figure {
    const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(__dirname, "scenarios.ts"), name, String(COUNT)],
        { cwd: root, env: { ...process.env, TS_NODE_PROJECT: path.join(root, "tests", "tsconfig.json") }, encoding: "utf8" });
    return JSON.parse(out.trim().split("\n").pop()!);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
    console.log(`KmsKey benchmarks: ${COUNT} keys with one alias each, median of ${RUNS} runs (${require("os").cpus().length} cores)\n`);
    const names = ["kmskey", "raw", "component", "cdk"] as const;
    const runs: { [name: string]: Figure[] } = { kmskey: [], raw: [], component: [], cdk: [] };
    for (let i = 0; i < RUNS; i++) for (const name of names) runs[name].push(scenario(name));
    const ms = (n: string) => median(runs[n].map((f) => f.ms));
    const rss = (n: string) => Math.max(...runs[n].map((f) => f.maxRssMiB));
    const row = (label: string, n: string) =>
        console.log(`${label.padEnd(58)} ${ms(n).toFixed(0).padStart(7)} ms  ${(ms(n) / COUNT).toFixed(2).padStart(6)} ms/key  peak ${rss(n).toFixed(0)} MiB`);
    row(`KmsKey (component + key + alias, mocks)`, "kmskey");
    row(`raw aws.kms.Key + aws.kms.Alias (same mocks)`, "raw");
    row(`the same raw pair inside a bare ComponentResource`, "component");
    row(`CDK aws-kms Key with alias, synthesized (5 stacks)`, "cdk");
    console.log(`\nratio KmsKey / raw @pulumi/aws: ${(ms("kmskey") / ms("raw")).toFixed(2)} (goal <= 1.05)`);
    console.log(`ratio KmsKey / bare component:   ${(ms("kmskey") / ms("component")).toFixed(2)} (extra outputs, inputs and policy over a bare component)`);
    console.log(`ratio KmsKey / CDK synth:        ${(ms("kmskey") / ms("cdk")).toFixed(2)}`);
    console.log(`peak memory KmsKey / raw:        ${(rss("kmskey") / rss("raw")).toFixed(2)}`);

    const providerBench = path.join(__dirname, "provider.ts");
    if (fs.existsSync(providerBench)) {
        console.log("");
        const { benchProvider } = require(providerBench);
        const { lines } = await benchProvider();
        for (const line of lines) console.log(line);
    }

    // The real engine to moto: raw TypeScript, the library, YAML, Python, Go (bench/engine.ts); BENCH_ENGINE=0 skips it.
    if (process.env.BENCH_ENGINE !== "0") {
        console.log("");
        for (const line of (await require("./engine").benchEngine()).lines) console.log(line);
    }

    // The plugin's install as Pulumi does it, and its start-up from there (bench/install.ts).
    console.log("");
    for (const line of await require("./install").benchInstall()) console.log(line);
}

main().catch((e) => { console.error(e); process.exit(1); });
