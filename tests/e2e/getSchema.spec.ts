// `pulumi package get-schema <this repository>`: the real pulumi CLI (v3.276.0, offline toolchain) boots our
// provider from source through PulumiPlugin.yaml (runtime nodejs -> the stand-in nodejs host's RunPlugin
// -> run-plugin -> package.json#main) and prints its schema, which must be schema.json.
//
// schema.json is kept in the CLI's own canonical rendering (the one `pulumi package get-schema` prints after
// decoding into its PackageSpec), so the printed schema must equal the file byte for byte.
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expectSuccess, pulumiBaseEnv, repoRoot, runPulumi } from "./harness";

describe("e2e: pulumi package get-schema <repository> boots the provider from source", function () {
    this.timeout(120000);
    const expected = fs.readFileSync(path.join(repoRoot, "schema.json"), "utf8");
    let cwd: string;
    let env: NodeJS.ProcessEnv;
    let printed: string;
    let log: string;

    before(async function () {
        // An empty PULUMI_HOME (no installed or cached plugins) and an unrelated working directory.
        cwd = fs.mkdtempSync(path.join(os.tmpdir(), "kmskey-e2e-schema-"));
        fs.mkdirSync(path.join(cwd, "home"));
        env = { ...pulumiBaseEnv(), PULUMI_HOME: path.join(cwd, "home") };
        const r = expectSuccess(await runPulumi(["package", "get-schema", repoRoot, "--logtostderr", "-v=9"], { cwd, env }),
            "pulumi package get-schema");
        printed = r.stdout;
        log = r.stderr;
    });

    after(function () {
        if (cwd) fs.rmSync(cwd, { recursive: true, force: true });
    });

    it("runs the plugin from this checkout through PulumiPlugin.yaml (nodejs runtime), nothing installed", function () {
        expect(log).to.contain(`Launching plugin '' from '${repoRoot}' via runtime 'nodejs'`);
        expect(log).to.contain(`RunPlugin(root=${repoRoot}, program=${repoRoot}`);
        const version = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")).version;
        expect(log).to.contain(`GetPluginInfo() success (#version=${version})`);
        expect(fs.readdirSync(path.join(cwd, "home")).filter((f) => f === "plugins")).to.deep.equal([]);
    });

    it("prints schema.json byte for byte", function () {
        expect(printed).to.equal(expected);
    });

    it("prints the same for schema.json itself (the file is in the CLI's canonical form)", async function () {
        const fromFile = expectSuccess(await runPulumi(["package", "get-schema", path.join(repoRoot, "schema.json")], { cwd, env }),
            "pulumi package get-schema schema.json");
        expect(fromFile.stdout).to.equal(expected);
    });
});
