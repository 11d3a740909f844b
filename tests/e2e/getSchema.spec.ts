// `pulumi package get-schema <this repository>`, on a fresh clone of it (pluginDir(): no node_modules, no build
// output): the real pulumi CLI (v3.276.0, offline toolchain) installs the plugin as it installs every source
// plugin (the stand-in nodejs host's InstallDependencies: `npm install --loglevel=error --production`, whose
// prepare script builds provider/bin), boots it through PulumiPlugin.yaml (runtime nodejs -> RunPlugin ->
// run-plugin -> package.json#main) and prints its schema, which must be schema.json. (A plugin directory named on
// the command line is run through its runtime; one found by name, for a deployment, runs its executable
// pulumi-resource-kmskey: tests/e2e/yaml.spec.ts.)
//
// schema.json is kept in the CLI's own canonical rendering (the one `pulumi package get-schema` prints after
// decoding into its PackageSpec), so the printed schema must equal the file byte for byte.
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFileSync } from "child_process";
import { expectSuccess, pluginDir, pulumiBaseEnv, runPulumi } from "./harness";

describe("e2e: pulumi package get-schema <fresh clone> installs the plugin, then boots it from source", function () {
    this.timeout(300000);
    let expected: string;
    let plugin: string;
    let cwd: string;
    let env: NodeJS.ProcessEnv;
    let printed: string;
    let log: string;
    let npmCalls: string[];

    before(async function () {
        plugin = pluginDir();
        expected = fs.readFileSync(path.join(plugin, "schema.json"), "utf8");
        // An empty PULUMI_HOME (no installed or cached plugins) and an unrelated working directory; npm is a
        // wrapper that logs its working directory and arguments, then runs the real npm.
        cwd = fs.mkdtempSync(path.join(os.tmpdir(), "kmskey-e2e-schema-"));
        fs.mkdirSync(path.join(cwd, "home"));
        fs.mkdirSync(path.join(cwd, "bin"));
        const npmLog = path.join(cwd, "npm.log");
        const realNpm = execFileSync("bash", ["-c", "command -v npm"], { encoding: "utf8" }).trim();
        fs.writeFileSync(path.join(cwd, "bin", "npm"), `#!/bin/sh\nprintf '%s: %s\\n' "$PWD" "$*" >>'${npmLog}'\nexec '${realNpm}' "$@"\n`, { mode: 0o755 });
        const base = pulumiBaseEnv();
        env = { ...base, PULUMI_HOME: path.join(cwd, "home"), PATH: `${path.join(cwd, "bin")}:${base.PATH}` };
        const r = expectSuccess(await runPulumi(["package", "get-schema", plugin, "--logtostderr", "-v=9"], { cwd, env, timeoutMs: 280000 }),
            "pulumi package get-schema");
        printed = r.stdout;
        log = r.stderr;
        npmCalls = fs.readFileSync(npmLog, "utf8").trim().split("\n");
    });

    after(function () {
        if (cwd) fs.rmSync(cwd, { recursive: true, force: true });
    });

    it("installs the plugin as the real nodejs host does: npm install --loglevel=error --production in the plugin directory", function () {
        expect(log).to.match(/langhost\[nodejs\]\.InstallDependencies\(.*\) success/);
        expect(npmCalls).to.deep.equal([`${plugin}: install --loglevel=error --production`]);
        // npm's prepare script built the entry; the install changed no tracked file and left only what git ignores.
        expect(fs.existsSync(path.join(plugin, "provider", "bin", "main.js"))).to.equal(true);
        const status = execFileSync("git", ["status", "--porcelain", "--ignored"], { cwd: plugin, encoding: "utf8" });
        expect(status.trim().split("\n").sort()).to.deep.equal(["!! node_modules/", "!! provider/bin/"]);
    });

    it("runs the plugin in place through PulumiPlugin.yaml (nodejs runtime); nothing goes to PULUMI_HOME", function () {
        expect(log).to.contain(`Launching plugin '' from '${plugin}' via runtime 'nodejs'`);
        expect(log).to.contain(`RunPlugin(root=${plugin}, program=${plugin}`);
        const version = JSON.parse(fs.readFileSync(path.join(plugin, "package.json"), "utf8")).version;
        expect(log).to.contain(`GetPluginInfo() success (#version=${version})`);
        expect(fs.readdirSync(path.join(cwd, "home")).filter((f) => f === "plugins")).to.deep.equal([]);
    });

    it("prints schema.json byte for byte", function () {
        expect(printed).to.equal(expected);
    });

    it("prints the same for schema.json itself (the file is in the CLI's canonical form)", async function () {
        const fromFile = expectSuccess(await runPulumi(["package", "get-schema", path.join(plugin, "schema.json")], { cwd, env }),
            "pulumi package get-schema schema.json");
        expect(fromFile.stdout).to.equal(expected);
    });
});
