// The plugin entry as the engine launches it: the executable pulumi-resource-kmskey, or, without it (Windows),
// PulumiPlugin.yaml (runtime nodejs) and package.json#main through run-plugin; package.json#main is a
// compiled JavaScript module that starts nothing when merely required, exports no component (run-plugin
// would otherwise start its own inferred provider), defers @pulumi/aws and the components until the first
// Construct/Call, and still has @pulumi/aws loaded before that request is deserialized.
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startFakeEngine } from "../support/fakeEngine";
import { constructRequest, executableName, repoRoot, startPlugin, structOf } from "../support/plugin";

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"));
const mainPath = path.join(repoRoot, pkg.main);

/** Runs a Node script in a fresh process (cwd = repo) and returns its stdout; fails if it does not exit by itself. */
function node(script: string): string {
    return execFileSync(process.execPath, ["-e", script], { cwd: repoRoot, encoding: "utf8", timeout: 60000 });
}

describe("the plugin entry", function () {
    this.timeout(120000);

    it("PulumiPlugin.yaml declares the nodejs runtime, installed with npm without devDependencies", () => {
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const yaml = require("js-yaml");
        const plugin = yaml.load(fs.readFileSync(path.join(repoRoot, "PulumiPlugin.yaml"), "utf8"));
        expect(plugin.runtime.name).to.equal("nodejs");
        expect(plugin.runtime.options).to.include({ packagemanager: "npm", production: true });
    });

    it("the plugin package depends only on what the plugin runs and builds provider/bin when installed (prepare)", () => {
        expect(Object.keys(pkg.dependencies).sort()).to.deep.equal(["@pulumi/aws", "@pulumi/pulumi", "sucrase"]);
        expect(pkg.devDependencies).to.equal(undefined);
        expect(pkg.scripts).to.deep.equal({ prepare: "node scripts/prepare.js" });
    });

    it("package.json#main is the compiled provider entry (JavaScript: nothing to type-check at start-up)", () => {
        expect(pkg.main).to.equal("provider/bin/main.js");
        expect(fs.existsSync(mainPath), "run `make build`").to.equal(true);
        expect(fs.existsSync(path.join(repoRoot, "provider", "src", "main.ts"))).to.equal(true);
    });

    it("starts nothing when required, and exports no component (only the function run-plugin calls)", () => {
        const out = node(`
            const entry = require(${JSON.stringify(repoRoot)});
            const { getPulumiComponents } = require("@pulumi/pulumi/provider/experimental/provider");
            console.log(JSON.stringify({ type: typeof entry, components: getPulumiComponents(entry).length }));
        `);
        // Had a server started, the process would print a port and never exit (execFileSync would time out).
        expect(JSON.parse(out.trim())).to.deep.equal({ type: "function", components: 0 });
    });

    it("the library (require(\"./provider\")) starts nothing either", () => {
        const out = node(`const lib = require("./provider"); console.log(typeof lib.KmsKey, typeof lib.ImportedKey);`);
        expect(out.trim()).to.equal("function function");
    });

    it("loads neither @pulumi/aws nor the components to serve GetPluginInfo and GetSchema", () => {
        const out = node(`
            const grpc = require("@grpc/grpc-js");
            const { ResourceProviderClient } = require("@pulumi/pulumi/proto/provider_grpc_pb");
            const { GetSchemaRequest } = require("@pulumi/pulumi/proto/provider_pb");
            const lines = [];
            const log = console.log;
            console.log = (...a) => lines.push(a.join(" "));
            require(${JSON.stringify(mainPath)})(["127.0.0.1:1"]).then(() => {
                console.log = log;
                const client = new ResourceProviderClient("127.0.0.1:" + lines[0], grpc.credentials.createInsecure());
                const req = new GetSchemaRequest(); req.setVersion(0);
                client.getSchema(req, (e, resp) => {
                    if (e) throw e;
                    const loaded = (m) => Object.keys(require.cache).some((k) => k.includes(m));
                    log(JSON.stringify({ schema: resp.getSchema().length, aws: loaded("/node_modules/@pulumi/aws/"), kmsKey: loaded("/provider/bin/kmsKey.js") }));
                    process.exit(0);
                });
            });
        `);
        expect(JSON.parse(out.trim())).to.deep.equal({ schema: fs.statSync(path.join(repoRoot, "schema.json")).size, aws: false, kmsKey: false });
    });

    it("pulumi-resource-kmskey is committed as an executable Node.js script that runs package.json#main", () => {
        // The engine execs it (pulumi/pulumi pkg/resource/plugin/plugin.go execPlugin), so git must keep its mode.
        const [mode] = execFileSync("git", ["ls-files", "-s", executableName], { cwd: repoRoot, encoding: "utf8" }).split(" ");
        expect(mode).to.equal("100755");
        const text = fs.readFileSync(path.join(repoRoot, executableName), "utf8");
        expect(text.split("\n")[0]).to.equal("#!/usr/bin/env node");
        expect(text).to.contain(`path.join(__dirname, "provider", "bin", "main.js")`);
        expect(pkg.files).to.include(executableName);
    });

    it("pulumi-resource-kmskey in a checkout that was never installed says to run npm install there, and exits 1", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kmskey-unbuilt-"));
        try {
            fs.copyFileSync(path.join(repoRoot, executableName), path.join(dir, executableName));
            fs.chmodSync(path.join(dir, executableName), 0o755);
            let failure: { status: number; stderr: string } | undefined;
            try {
                execFileSync(path.join(dir, executableName), ["127.0.0.1:1"], { cwd: dir, encoding: "utf8", stdio: "pipe", timeout: 30000 });
            } catch (e) {
                failure = e as { status: number; stderr: string };
            }
            expect(failure?.status).to.equal(1);
            expect(failure?.stderr).to.contain(`Run \`npm install\` in ${dir}`);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    for (const launch of ["executable", "run-plugin"] as const) it(`started as ${launch === "executable" ? "its executable" : "run-plugin (the PulumiPlugin.yaml fallback)"}, has @pulumi/aws loaded before the first Construct is deserialized: the caller's aws provider is a real aws.Provider`, async () => {
        const engine = await startFakeEngine();
        const providerUrn = "urn:pulumi:stack::project::pulumi:providers:aws::eu";
        engine.seed(providerUrn, "eu-id", { region: "eu-west-1" });
        const plugin = await startPlugin({ engineAddress: engine.address, launch });
        try {
            const resp = await plugin.client.construct(constructRequest(engine.address, "kmskey:index:KmsKey", "first", {}, { providers: { aws: `${providerUrn}::eu-id` } }));
            expect(structOf(resp.getState())).to.have.property("keyArn");
            // An aws.Provider rebuilt from its URN reads itself back from the engine; a bare reference would not.
            expect(engine.invokes.filter((i) => i.token === "pulumi:pulumi:getResource").map((i) => i.args.urn)).to.include(providerUrn);
            expect(engine.ofType("aws:kms/key:Key")[0].provider).to.equal(`${providerUrn}::eu-id`);
        } finally {
            await plugin.stop();
            await engine.stop();
        }
    });
});
