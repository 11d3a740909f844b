// Real-engine benchmark (`make bench` runs benchEngine() from bench/run.ts; standalone:
// `TS_NODE_PROJECT=tests/tsconfig.json node -r ts-node/register/transpile-only bench/engine.ts [sizes] [runs]`).
//
// The real Pulumi CLI (.tools/bin) runs `pulumi preview` and then `pulumi up --yes --skip-preview` of generated
// programs against moto through the stand-in aws provider (the e2e harness, tests/e2e/harness.ts): N keys with
// one alias each, written
//   raw      by hand in TypeScript: aws.kms.Key (root kms:* policy from getCallerIdentity, rotation, 30-day
//            window, retainOnDelete) + aws.kms.Alias: the baseline every ratio is taken against;
//   library  KmsKey from kmskey/provider in the TypeScript program (no plugin);
//   yaml     kmskey:KmsKey from Pulumi YAML: the engine runs our plugin and calls Construct;
//   python   pulumi_kmskey.KmsKey, and
//   go       kmskey.NewKmsKey (the generated SDKs: Construct as from YAML), when the stand-in language hosts
//            can run Python and Go programs and their SDK installs exist (see `available` below); otherwise
//            the benchmark says why they are left out.
// Each (language, size) gets a fresh project and a reset moto per run, runs alternate between languages so
// they see the same machine load, and the median of the runs is reported with its ratio to raw TypeScript.
// Timings are wall-clock on a shared machine: compare ratios from one run, not absolute figures across runs.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFileSync } from "child_process";
import { createProject, expectSuccess, repoRoot } from "../tests/e2e/harness";
import { cpuObserver, formatCpu } from "./cpu";
import { startFakeAws } from "../tests/support/fakeAws";
import { startMoto } from "../tests/support/moto";

export type Language = "raw" | "component" | "library" | "yaml" | "python" | "go";

export interface Program {
    files: { [name: string]: string };
    nodeModules?: boolean;
    env?: NodeJS.ProcessEnv;
}

const keys = (n: number) => Array.from({ length: n }, (_, i) => i);

/** A TypeScript program run by the nodejs host, its node_modules linked to this checkout's (the e2e harness). */
function nodeProgram(name: string, source: string[]): Program {
    return {
        nodeModules: true,
        files: {
            "Pulumi.yaml": `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    packagemanager: npm\n`,
            "package.json": JSON.stringify({ name, private: true, main: "index.ts" }),
            "index.ts": [...source, ""].join("\n"),
        },
    };
}

/** The programs, N keys with one alias each. */
export const programs: { [L in Language]: (n: number) => Program } = {
    raw: (n) => nodeProgram("bench-raw", [
        `import * as aws from "@pulumi/aws";`,
        `const policy = aws.getCallerIdentityOutput().apply((id) => JSON.stringify({`,
        `    Version: "2012-10-17",`,
        `    Statement: [{ Action: "kms:*", Effect: "Allow", Principal: { AWS: \`arn:aws:iam::\${id.accountId}:root\` }, Resource: "*" }],`,
        `}));`,
        `for (let i = 0; i < ${n}; i++) {`,
        `    const key = new aws.kms.Key(\`key\${i}\`, { enableKeyRotation: true, deletionWindowInDays: 30, policy }, { retainOnDelete: true });`,
        `    new aws.kms.Alias(\`key\${i}-alias\`, { name: \`alias/bench/key\${i}\`, targetKeyId: key.arn });`,
        `}`,
    ]),
    // The control: the raw pair inside a bare ComponentResource, its outputs the key's id and ARN. What any Pulumi
    // component costs the engine and the SDK (a third resource and its outputs per key), with none of KmsKey's logic.
    component: (n) => nodeProgram("bench-component", [
        `import * as aws from "@pulumi/aws";`,
        `import * as pulumi from "@pulumi/pulumi";`,
        `const policy = aws.getCallerIdentityOutput().apply((id) => JSON.stringify({`,
        `    Version: "2012-10-17",`,
        `    Statement: [{ Action: "kms:*", Effect: "Allow", Principal: { AWS: \`arn:aws:iam::\${id.accountId}:root\` }, Resource: "*" }],`,
        `}));`,
        `class BareKey extends pulumi.ComponentResource {`,
        `    constructor(name: string, alias: string) {`,
        `        super("bench:index:BareKey", name, {}, {});`,
        `        const key = new aws.kms.Key(name, { enableKeyRotation: true, deletionWindowInDays: 30, policy }, { parent: this, retainOnDelete: true });`,
        `        new aws.kms.Alias(\`\${name}-alias\`, { name: alias, targetKeyId: key.arn }, { parent: this });`,
        `        this.registerOutputs({ keyId: key.keyId, keyArn: key.arn });`,
        `    }`,
        `}`,
        `for (let i = 0; i < ${n}; i++) new BareKey(\`key\${i}\`, \`alias/bench/key\${i}\`);`,
    ]),
    library: (n) => nodeProgram("bench-library", [
        `import { KmsKey } from "kmskey/provider";`,
        `for (let i = 0; i < ${n}; i++) new KmsKey(\`key\${i}\`, { alias: \`bench/key\${i}\` });`,
    ]),
    yaml: (n) => ({
        files: {
            "Pulumi.yaml": [
                `name: bench-yaml`,
                `runtime: yaml`,
                `packages:`,
                `  kmskey: <repo>`,
                `resources:`,
                ...keys(n).map((i) => `  key${i}:\n    type: kmskey:KmsKey\n    properties:\n      alias: bench/key${i}`),
                ``,
            ].join("\n"),
        },
    }),
    python: (n) => pluginProgram("bench-python", `name: python\n  options:\n    virtualenv: ${pythonVenv}`, {
        "__main__.py": [
            `import pulumi_kmskey as kmskey`,
            `for i in range(${n}):`,
            `    kmskey.KmsKey(f"key{i}", alias=f"bench/key{i}")`,
        ],
    }),
    go: (n) => pluginProgram("bench-go", `name: go\n  options:\n    binary: ${goBinaryName}`, {
        "main.go": [
            `package main`,
            ``,
            `import (`,
            `\t"fmt"`,
            ``,
            `\t"github.com/kmskey/kmskey/sdk/go/kmskey"`,
            `\t"github.com/pulumi/pulumi/sdk/v3/go/pulumi"`,
            `)`,
            ``,
            `func main() {`,
            `\tpulumi.Run(func(ctx *pulumi.Context) error {`,
            `\t\tfor i := 0; i < ${n}; i++ {`,
            `\t\t\tif _, err := kmskey.NewKmsKey(ctx, fmt.Sprintf("key%d", i), &kmskey.KmsKeyArgs{Alias: pulumi.StringRef(fmt.Sprintf("bench/key%d", i))}); err != nil {`,
            `\t\t\t\treturn err`,
            `\t\t\t}`,
            `\t\t}`,
            `\t\treturn nil`,
            `\t})`,
            `}`,
        ],
        "go.mod": goMod().split("\n"),
    }),
};

/** A program of another language whose Pulumi.yaml names the plugin (this checkout) under `packages:`. */
function pluginProgram(name: string, runtime: string, files: { [name: string]: string[] }): Program {
    const text = Object.fromEntries(Object.entries(files).map(([file, lines]) => [file, [...lines, ""].join("\n")]));
    return { files: { "Pulumi.yaml": `name: ${name}\nruntime:\n  ${runtime}\npackages:\n  kmskey: <repo>\n`, ...text } };
}

// ---------------------------------------------------------------- Python and Go, when they can run

/** The venv of `make test-sdk` (mk/sdk.mk): pulumi from PyPI and pulumi_kmskey from sdk/python. */
const pythonVenv = path.join(repoRoot, ".cache", "sdk", "venv");
/** The Go program is built once (by `go build` here) and run as the runtime option `binary`. */
const goBinaryName = "bench-go-program";

function goMod(): string {
    const sdkGoMod = fs.readFileSync(path.join(repoRoot, "sdk", "go.mod"), "utf8");
    const pulumiVersion = /github\.com\/pulumi\/pulumi\/sdk\/v3 (v\S+)/.exec(sdkGoMod)?.[1] ?? "v3.0.0";
    return [
        `module bench`,
        ``,
        `go 1.21`,
        ``,
        `require (`,
        `\tgithub.com/kmskey/kmskey/sdk v0.0.0`,
        `\tgithub.com/pulumi/pulumi/sdk/v3 ${pulumiVersion}`,
        `)`,
        ``,
        `replace github.com/kmskey/kmskey/sdk => ${path.join(repoRoot, "sdk")}`,
        ``,
    ].join("\n");
}

/**
 * Whether a language can run here; a reason when it cannot. The stand-in language hosts run Python and Go
 * programs since scripts/tools-go/gen/{python,golang}.go; the Python program needs the venv of `make test-sdk`.
 */
export function available(language: Language): string | undefined {
    if (language !== "python" && language !== "go") return undefined;
    const source = path.join(repoRoot, "scripts", "tools-go", "gen", language === "go" ? "golang.go" : "python.go");
    if (!fs.existsSync(source) || !fs.existsSync(path.join(repoRoot, ".tools", "bin", `pulumi-language-${language}`))) {
        return `the stand-in ${language} language host cannot run programs (rebuild the tools: make tools)`;
    }
    if (language === "go") {
        try {
            execFileSync("go", ["version"], { stdio: "ignore" });
            return undefined;
        } catch {
            return "no go on PATH";
        }
    }
    try {
        execFileSync(path.join(pythonVenv, "bin", "python"), ["-c", "import pulumi_kmskey"], { stdio: "ignore" });
        return undefined;
    } catch {
        return `no pulumi_kmskey in ${path.relative(repoRoot, pythonVenv)} (make test-sdk installs it)`;
    }
}

const goBuilds = new Map<number, string>();

/**
 * Builds the Go program into the project directory, once per size (the timed commands run the binary, as
 * with the runtime option `binary`; building is not part of a preview's cost in the other languages either).
 */
function prepareGo(dir: string, env: NodeJS.ProcessEnv, n: number): void {
    let built = goBuilds.get(n);
    if (!built) {
        const goEnv = { ...process.env, ...env, GOFLAGS: "-mod=mod" };
        execFileSync("go", ["mod", "tidy"], { cwd: dir, env: goEnv, stdio: "pipe" });
        execFileSync("go", ["build", "-o", goBinaryName, "."], { cwd: dir, env: goEnv, stdio: "pipe" });
        built = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kmskey-bench-go-")), goBinaryName);
        fs.copyFileSync(path.join(dir, goBinaryName), built);
        fs.chmodSync(built, 0o755);
        goBuilds.set(n, built);
        process.on("exit", () => fs.rmSync(path.dirname(built!), { recursive: true, force: true }));
        return;
    }
    fs.copyFileSync(built, path.join(dir, goBinaryName));
    fs.chmodSync(path.join(dir, goBinaryName), 0o755);
}

// ---------------------------------------------------------------- running

export interface Timing { previewMs: number; upMs: number }

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export type Observer = (command: "preview" | "up", dir: string) => () => void;

export interface EngineBench {
    /** `observe` is called before each timed command (for profiling: bench/profile.ts); its result is called after. */
    run(language: Language, n: number, extraArgs?: string[], observe?: Observer, env?: NodeJS.ProcessEnv): Promise<Timing & { dir: string; preview: string; up: string }>;
    stop(): Promise<void>;
}

/** moto and the stand-in aws provider, shared by every run; moto is reset before each. */
export async function startEngineBench(): Promise<EngineBench> {
    const moto = await startMoto();
    const aws = await startFakeAws(moto.endpoint).catch(async (e) => {
        await moto.stop();
        throw e;
    });
    return {
        async run(language, n, extraArgs = [], observe, env = {}) {
            await moto.reset();
            aws.clearCalls();
            const program = programs[language](n);
            // The plugin is this checkout (as `packages: kmskey: <checkout>` in the README), not a clone of it.
            const files = Object.fromEntries(Object.entries(program.files).map(([k, v]) => [k, v.split("<repo>").join(repoRoot)]));
            const project = await createProject({ aws, files, nodeModules: program.nodeModules, env: { ...program.env, ...benchEnv(), ...env } });
            try {
                if (language === "go") prepareGo(project.dir, project.env, n);
                const timed = async (command: "preview" | "up", ...args: string[]) => {
                    const done = observe?.(command, project.dir);
                    try {
                        return expectSuccess(await project.pulumi(command, ...args, ...extraArgs), `${language} ${n}: pulumi ${command}`);
                    } finally {
                        done?.();
                    }
                };
                const preview = await timed("preview");
                const up = await timed("up", "--yes", "--skip-preview");
                const expected = (language === "raw" ? 2 * n : 3 * n) + 1; // and the stack
                if (!new RegExp(`\\+ ${expected} created`).test(up.stdout)) {
                    throw new Error(`${language} ${n}: pulumi up did not create what was expected:\n${up.stdout}`);
                }
                return { previewMs: preview.ms, upMs: up.ms, dir: project.dir, preview: preview.output, up: up.output };
            } finally {
                if (!process.env.BENCH_KEEP) project.remove();
            }
        },
        async stop() {
            await aws.stop();
            await moto.stop();
        },
    };
}

export async function benchEngine(options: { sizes?: number[]; runs?: number; runsAtLargest?: number; languages?: Language[] } = {}): Promise<{ lines: string[] }> {
    const sizes = options.sizes ?? [1, 40, 200];
    const runs = options.runs ?? 3;
    const runsAtLargest = options.runsAtLargest ?? 1;
    const lines: string[] = [];
    const all = options.languages ?? ["raw", "component", "library", "yaml", "python", "go"];
    const languages: Language[] = [];
    const skipped: string[] = [];
    for (const l of all) {
        const why = available(l);
        if (why) skipped.push(`${l}: ${why}`);
        else languages.push(l);
    }
    const bench = await startEngineBench();
    const started = Date.now();
    // No untimed round first (about 40 s of `make bench`'s 15 minutes): Go programs are built outside the timed
    // commands (prepareGo), a cold first run is one of three at 1 and 40 keys, and the single 200-key runs come last.
    const results = new Map<string, Timing[]>();
    // At the largest size, the CPU seconds of each process by role (bench/cpu.ts), from its last run.
    const largest = Math.max(...sizes);
    const cpu = new Map<Language, { [command: string]: Map<string, number> }>();
    const withoutCheckpoints = new Map<Language, Timing>();
    try {
        for (const n of sizes) {
            const count = n === largest ? runsAtLargest : runs;
            for (let r = 0; r < count; r++) {
                for (const l of languages) {
                    const byCommand: { [command: string]: Map<string, number> } = {};
                    const observe = n === largest ? cpuObserver((command, byRole) => { byCommand[command] = byRole; }, 100) : undefined;
                    const t = await bench.run(l, n, [], observe);
                    if (observe) cpu.set(l, byCommand);
                    const key = `${l}/${n}`;
                    results.set(key, [...(results.get(key) ?? []), t]);
                    if (process.env.BENCH_VERBOSE) console.error(`${key} run ${r + 1}: preview ${t.previewMs} ms, up ${t.upMs} ms`);
                }
            }
        }
        // A diagnostic at the largest size: the engine writing its snapshot once, at the end, instead of after every
        // mutation (pulumi/pulumi pkg/backend/snapshot.go unsafeServiceLoop), for the baseline, the control, the library
        // and YAML: what the engine's checkpoints cost each (README "Benchmarks").
        for (const l of languages.filter((x) => ["raw", "component", "library", "yaml"].includes(x))) {
            withoutCheckpoints.set(l, await bench.run(l, largest, [], undefined, { PULUMI_SKIP_CHECKPOINTS: "true" }));
        }
    } finally {
        await bench.stop();
    }
    const label: { [L in Language]: string } = {
        raw: "raw aws.kms.Key + Alias, TypeScript",
        component: "the raw pair in a bare component (TS)",
        library: "KmsKey library, TypeScript",
        yaml: "KmsKey from YAML (Construct)",
        python: "KmsKey from Python (Construct)",
        go: "KmsKey from Go (Construct)",
    };
    lines.push(`Real engine: pulumi ${pulumiVersion()} CLI, moto + stand-in aws provider; ${os.cpus().length} cores; ` +
        `median of ${runs} runs (${runsAtLargest} at ${Math.max(...sizes)} keys); wall ${((Date.now() - started) / 1000).toFixed(0)} s`);
    for (const n of sizes) {
        lines.push(`  ${n} key${n === 1 ? "" : "s"}, one alias each             preview            up`);
        const base = results.get(`raw/${n}`);
        const basePreview = base ? median(base.map((t) => t.previewMs)) : NaN;
        const baseUp = base ? median(base.map((t) => t.upMs)) : NaN;
        for (const l of languages) {
            const ts = results.get(`${l}/${n}`)!;
            const p = median(ts.map((t) => t.previewMs));
            const u = median(ts.map((t) => t.upMs));
            const ratio = (x: number, b: number) => (l === "raw" ? "     " : `${(x / b).toFixed(2)}x`);
            lines.push(`    ${label[l].padEnd(38)} ${(p / 1000).toFixed(1).padStart(6)} s ${ratio(p, basePreview)}  ${(u / 1000).toFixed(1).padStart(6)} s ${ratio(u, baseUp)}`);
        }
    }
    if (cpu.size) lines.push(`  CPU seconds by process at ${largest} keys (from /proc; moto and the stand-in aws provider not counted):`);
    for (const [l, byCommand] of cpu) {
        const part = (command: string) => {
            const { total, text } = formatCpu(byCommand[command] ?? new Map());
            return `${command} ${total.toFixed(1)} (${text})`;
        };
        lines.push(`    ${l.padEnd(8)} ${part("preview")}; ${part("up")}`);
    }
    const baseline = withoutCheckpoints.get("raw");
    if (baseline && withoutCheckpoints.size > 1) {
        const ratios = [...withoutCheckpoints].filter(([l]) => l !== "raw")
            .map(([l, t]) => `${l} ${(t.previewMs / baseline.previewMs).toFixed(2)}x / ${(t.upMs / baseline.upMs).toFixed(2)}x`);
        lines.push(`  diagnostic, ${largest} keys once with PULUMI_SKIP_CHECKPOINTS=true (one snapshot write, at the end): raw ` +
            `${(baseline.previewMs / 1000).toFixed(1)} s / ${(baseline.upMs / 1000).toFixed(1)} s; preview / up ratios: ${ratios.join(", ")}`);
    }
    const one = results.get("yaml/1");
    const oneRaw = results.get("raw/1");
    if (one && oneRaw) {
        const extra = median(one.map((t) => t.previewMs)) - median(oneRaw.map((t) => t.previewMs));
        lines.push(`  one-key preview, YAML minus raw TypeScript: ${(extra / 1000).toFixed(1)} s (goal <= 2 s)`);
    }
    lines.push(`  goals at 40 and 200 keys: YAML, Python, Go <= 1.3x raw; library <= 1.15x`);
    for (const s of skipped) lines.push(`  not run: ${s}`);
    return { lines };
}

function pulumiVersion(): string {
    try {
        return execFileSync(path.join(repoRoot, ".tools", "bin", "pulumi"), ["version"], { encoding: "utf8", env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" } }).trim();
    } catch {
        return "?";
    }
}

if (require.main === module) {
    const [sizesArg, runsArg, languagesArg] = process.argv.slice(2);
    benchEngine({
        sizes: sizesArg ? sizesArg.split(",").map(Number) : undefined,
        runs: runsArg ? Number(runsArg) : undefined,
        languages: languagesArg ? (languagesArg.split(",") as Language[]) : undefined,
    }).then(({ lines }) => lines.forEach((l) => console.log(l)), (e) => {
        console.error(e);
        process.exit(1);
    });
}

/** Extra environment for every pulumi command, for profiling: BENCH_ENV='{"NODE_OPTIONS":"--cpu-prof"}'. */
function benchEnv(): NodeJS.ProcessEnv {
    return process.env.BENCH_ENV ? JSON.parse(process.env.BENCH_ENV) : {};
}
