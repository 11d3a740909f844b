// End-to-end harness: the real pulumi CLI (v3.276.0, built from Go modules into .tools/bin), temporary
// Pulumi projects with a file:// backend inside them, a moto server and the stand-in aws provider attached
// with PULUMI_DEBUG_PROVIDERS. `make test-e2e` builds the tools and the provider and installs moto first
// (run directly, a spec fails naming the missing piece). The plugin the CLI runs is never this working tree but
// a fresh clone of its HEAD (pluginDir()), as a user gets it.
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FakeAws, startFakeAws, startStandIn } from "../support/fakeAws";
import { Moto, startMoto } from "../support/moto";
import { cloneRepository } from "../support/plugin";

export const repoRoot = path.join(__dirname, "..", "..");
export const fixturesDir = path.join(__dirname, "fixtures");

let clone: { dir: string; tarball: string; version: string } | undefined;

/**
 * This repository as Pulumi gets it from `pulumi package add github.com/<org>/kmskey@v0.1.0`: a shallow clone of
 * the tag (here: of HEAD, so only committed work; cloneRepository), with no node_modules and no build output.
 * pulumi/pulumi sdk/go/common/workspace/plugins.go gitSource.Download clones it and hands the whole directory
 * over as a .tar.gz, which pkg/workspace/plugin.go InstallPluginContent unpacks into
 * $PULUMI_HOME/plugins/resource-<name>-v<version>/ and installs there with the language host's
 * InstallDependencies (npm install, whose prepare script builds provider/bin); a local path is installed and used
 * in place. Made once per mocha process (the clone, and its tarball before anything is installed in the clone)
 * and removed when it exits; npm's cache is the user's, shared.
 */
function pluginClone(): { dir: string; tarball: string; version: string } {
    if (!clone) {
        const version = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")).version;
        const parent = fs.mkdtempSync(path.join(os.tmpdir(), "kmskey-e2e-plugins-"));
        process.on("exit", () => fs.rmSync(parent, { recursive: true, force: true }));
        const dir = cloneRepository(path.join(parent, "kmskey"));
        const tarball = path.join(parent, `kmskey-v${version}.tar.gz`);
        execFileSync("tar", ["-czf", tarball, "-C", dir, "."]);
        clone = { dir, tarball, version };
    }
    return clone;
}

/** The fresh clone's directory, for Pulumi to install and run in place as a local path. */
export function pluginDir(): string {
    return pluginClone().dir;
}

/**
 * Installs the fresh clone into the project's PULUMI_HOME as a git tag's download is installed
 * (`pulumi plugin install resource kmskey <version> --file <the clone's .tar.gz>`: the same InstallPluginContent,
 * so $PULUMI_HOME/plugins/resource-kmskey-v<version>/ then npm install there) and returns that directory.
 */
export async function installPluginAsTag(project: Project): Promise<string> {
    const { tarball, version } = pluginClone();
    expectSuccess(await project.pulumi("plugin", "install", "resource", "kmskey", version, "--file", tarball), "pulumi plugin install");
    return path.join(project.env.PULUMI_HOME!, "plugins", `resource-kmskey-v${version}`);
}

let baseEnv: NodeJS.ProcessEnv | undefined;

/**
 * The environment of scripts/pulumi-env.sh (offline toolchain first on PATH, no update checks, no plugin
 * downloads, no registry or cloud), taken by sourcing it, so it stays the single place that defines it.
 */
export function pulumiBaseEnv(): NodeJS.ProcessEnv {
    if (!baseEnv) {
        const out = execFileSync("bash", ["-c", `. "${path.join(repoRoot, "scripts", "pulumi-env.sh")}" && env -0`], {
            env: { ...process.env }, encoding: "utf8",
        });
        baseEnv = {};
        for (const entry of out.split("\0")) {
            const i = entry.indexOf("=");
            if (i > 0) baseEnv[entry.slice(0, i)] = entry.slice(i + 1);
        }
        // Never an AWS setting or a debug-provider list from the caller's environment, and no NODE_PATH (the
        // Makefile's, to the development tools): the plugin and the programs resolve only what they installed.
        for (const k of Object.keys(baseEnv)) {
            if (/^AWS_/.test(k) || k === "PULUMI_DEBUG_PROVIDERS" || k === "NODE_PATH") delete baseEnv[k];
        }
        const pulumiBin = path.join(repoRoot, ".tools", "bin", "pulumi");
        if (!fs.existsSync(pulumiBin)) throw new Error(`${pulumiBin} is missing: run \`make tools\` (make test-e2e does)`);
    }
    return { ...baseEnv };
}

export interface RunResult {
    code: number | null;
    stdout: string;
    stderr: string;
    /** stdout + stderr */
    output: string;
    ms: number;
}

/** Runs the pulumi CLI; never throws for a non-zero exit (see `code`). */
export function runPulumi(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
        const child = spawn(path.join(repoRoot, ".tools", "bin", "pulumi"), args, {
            cwd: opts.cwd, env: opts.env, stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += String(d)));
        child.stderr.on("data", (d) => (stderr += String(d)));
        const timeoutMs = opts.timeoutMs ?? 180000;
        const timer = setTimeout(() => {
            child.kill("SIGKILL");
            reject(new Error(`pulumi ${args.join(" ")} did not finish within ${timeoutMs} ms\n${stdout}\n${stderr}`));
        }, timeoutMs);
        child.on("error", (e) => {
            clearTimeout(timer);
            reject(e);
        });
        child.on("close", (code) => {
            clearTimeout(timer);
            resolve({ code, stdout, stderr, output: stdout + stderr, ms: Date.now() - started });
        });
    });
}

/** Fails with the command's whole output when it exited non-zero. */
export function expectSuccess(r: RunResult, what: string): RunResult {
    if (r.code !== 0) throw new Error(`${what} exited ${r.code}:\n${r.output}`);
    return r;
}

/** moto + the stand-in aws provider (and the stand-in aws-native provider if asked) for a suite (started in `before`, stopped in `after`). */
export interface AwsStandIn {
    moto: Moto;
    aws: FakeAws;
    /** With `useAwsStandIn({ awsNative: true })`: tests/support/fakeAwsNativeProvider.ts. */
    awsNative?: FakeAws;
    /** Every stand-in started, for createProject's `aws`. */
    all: FakeAws[];
}

export function useAwsStandIn(opts: { awsNative?: boolean } = {}): { get(): AwsStandIn } {
    let state: AwsStandIn | undefined;
    let moto: Moto | undefined;
    const started: FakeAws[] = [];
    before(async function () {
        this.timeout(120000);
        moto = await startMoto();
        const aws = await startFakeAws(moto.endpoint).then((s) => (started.push(s), s));
        const awsNative = opts.awsNative
            ? await startStandIn("aws-native", "fakeAwsNativeProvider.ts", moto.endpoint).then((s) => (started.push(s), s))
            : undefined;
        state = { moto, aws, awsNative, all: started };
    });
    after(async function () {
        this.timeout(30000);
        for (const s of started) await s.stop();
        await moto?.stop();
    });
    return {
        get() {
            if (!state) throw new Error("the AWS stand-in is not running");
            return state;
        },
    };
}


export interface Project {
    dir: string;
    env: NodeJS.ProcessEnv;
    pulumi(...args: string[]): Promise<RunResult>;
    /** The stack's outputs (`pulumi stack output --json`). */
    outputs(): Promise<{ [key: string]: any }>;
    /** Removes the directory (state included). */
    remove(): void;
}

export interface ProjectOptions {
    /** Files to write, relative to the project directory; `<repo>` in a file's text becomes pluginDir(), the fresh clone. */
    files: { [name: string]: string };
    /** The stand-in providers to attach (PULUMI_DEBUG_PROVIDERS lists them, comma-separated). */
    aws: FakeAws | FakeAws[];
    stack?: string;
    /** Config values (`pulumi config set`). */
    config?: { [key: string]: string };
    /** Link node_modules for a Node.js program using the library in process (kmskey -> this checkout, @pulumi/* -> its dependencies). */
    nodeModules?: boolean;
    /** Extra environment variables for every pulumi command (set after the harness's own; `undefined` removes one). */
    env?: NodeJS.ProcessEnv;
}

/**
 * A Pulumi project in a fresh temporary directory (mktemp), its state in a file:// backend inside it and a
 * PULUMI_HOME of its own, with the stand-in aws provider attached and a stack selected.
 *
 * A Node.js program resolves `kmskey/provider` to this checkout through a node_modules/kmskey symlink, and
 * @pulumi/pulumi and @pulumi/aws through symlinks to this checkout's node_modules: Node.js resolves symlinks
 * to real paths, so the program and the library share one @pulumi/pulumi (one runtime state). Nothing is
 * installed there (preview and up never install a program's dependencies; `pulumi install` would npm install).
 */
export async function createProject(opts: ProjectOptions): Promise<Project> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kmskey-e2e-"));
    for (const [name, text] of Object.entries(opts.files)) {
        const file = path.join(dir, name);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text.includes("<repo>") ? text.split("<repo>").join(pluginDir()) : text);
    }
    if (opts.nodeModules) {
        const nm = path.join(dir, "node_modules");
        fs.mkdirSync(path.join(nm, "@pulumi"), { recursive: true });
        fs.symlinkSync(repoRoot, path.join(nm, "kmskey"), "dir");
        for (const pkg of ["pulumi", "aws"]) {
            fs.symlinkSync(path.join(repoRoot, "node_modules", "@pulumi", pkg), path.join(nm, "@pulumi", pkg), "dir");
        }
    }
    fs.mkdirSync(path.join(dir, ".state"));
    fs.mkdirSync(path.join(dir, ".pulumi-home"));
    const env: NodeJS.ProcessEnv = {
        ...pulumiBaseEnv(),
        PULUMI_BACKEND_URL: `file://${path.join(dir, ".state")}`,
        PULUMI_HOME: path.join(dir, ".pulumi-home"),
        PULUMI_CONFIG_PASSPHRASE: "e2e",
        PULUMI_DEBUG_PROVIDERS: ([] as FakeAws[]).concat(opts.aws).map((s) => s.debugProviders).join(","),
        // The library is compiled; the program is checked by `make typecheck` (tests/tsconfig.json).
        PULUMI_NODEJS_TRANSPILE_ONLY: "true",
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    };
    for (const [k, v] of Object.entries(opts.env ?? {})) {
        if (v === undefined) delete env[k];
        else env[k] = v;
    }
    const project: Project = {
        dir, env,
        pulumi: (...args) => runPulumi([...args, "--non-interactive", "--color", "never"].filter((a) => a !== ""), { cwd: dir, env }),
        outputs: async () => JSON.parse(expectSuccess(await project.pulumi("stack", "output", "--json"), "pulumi stack output").stdout),
        remove: () => fs.rmSync(dir, { recursive: true, force: true }),
    };
    expectSuccess(await runPulumi(["stack", "init", opts.stack ?? "e2e", "--non-interactive"], { cwd: dir, env }), "pulumi stack init");
    for (const [k, v] of Object.entries(opts.config ?? {})) {
        expectSuccess(await runPulumi(["config", "set", k, v], { cwd: dir, env }), `pulumi config set ${k}`);
    }
    return project;
}

/** A suite's project, made by `make` in `before` (once `standIn` runs) and removed in `after`. */
export function useProject(standIn: { get(): AwsStandIn }, make: (standIn: AwsStandIn) => Promise<Project>): { get(): Project } {
    let project: Project | undefined;
    before(async function () {
        project = await make(standIn.get());
    });
    after(function () {
        project?.remove();
    });
    return {
        get() {
            if (!project) throw new Error("the project was not made");
            return project;
        },
    };
}

/**
 * A YAML program's project for a suite, with every stand-in of `standIn` attached and the stack's `config` set: made,
 * and the plugin installed from the fresh clone as a git tag's download is (installPluginAsTag), in `before`;
 * removed in `after`.
 */
export function useYamlProject(standIn: { get(): AwsStandIn }, files: { [name: string]: string }, config?: { [key: string]: string }): { get(): Project } {
    return useProject(standIn, async ({ all }) => {
        const project = await createProject({ aws: all, files, config });
        await installPluginAsTag(project);
        return project;
    });
}

/** A fixture file's text (tests/e2e/fixtures/...). */
export function fixture(name: string): string {
    return fs.readFileSync(path.join(fixturesDir, name), "utf8");
}

/** The version this checkout's package.json pins for a dependency (e.g. "@pulumi/pulumi"). */
export function rootDependencyVersion(name: string): string {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"));
    const version = manifest.dependencies?.[name] ?? manifest.devDependencies?.[name];
    if (typeof version !== "string") throw new Error(`${name} is not a dependency in ${repoRoot}/package.json`);
    return version;
}
