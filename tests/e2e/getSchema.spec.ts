// `pulumi package get-schema <this repository>`: the real pulumi CLI (v3.276.0, offline toolchain) boots our
// provider from source through PulumiPlugin.yaml (runtime nodejs -> the stand-in nodejs host's RunPlugin
// -> run-plugin -> package.json#main) and prints its schema, which must be schema.json.
//
// The CLI does not print the served text as is: it decodes it into its PackageSpec type and re-encodes it
// (its own key order and indentation, `"config": {}` added, and a `description` on a type reference such as
// an array's `items` dropped, since PackageSpec's TypeSpec has no such field). So the printed schema is
// compared (1) byte for byte with what the same CLI prints for schema.json itself, and (2) as JSON with
// schema.json, allowing only those re-encoding differences, which are listed in the test output.
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expectSuccess, pulumiBaseEnv, repoRoot, runPulumi } from "./harness";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Difference { path: string; kind: "added" | "removed" | "changed" }

function differences(a: Json, b: Json, at = ""): Difference[] {
    if (JSON.stringify(a) === JSON.stringify(b)) return [];
    const isObj = (v: Json): v is { [key: string]: Json } => v !== null && typeof v === "object" && !Array.isArray(v);
    if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
        return a.flatMap((v, i) => differences(v, b[i], `${at}[${i}]`));
    }
    if (isObj(a) && isObj(b)) {
        const out: Difference[] = [];
        for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
            const p = `${at}/${k}`;
            if (!(k in a)) out.push({ path: p, kind: "added" });
            else if (!(k in b)) out.push({ path: p, kind: "removed" });
            else out.push(...differences(a[k], b[k], p));
        }
        return out;
    }
    return [{ path: at, kind: "changed" }];
}

/** A difference the CLI's PackageSpec round trip makes (see the header). */
function isReencoding(d: Difference, printed: Json): boolean {
    if (d.kind === "added" && d.path === "/config") return JSON.stringify((printed as { config?: Json }).config) === "{}";
    // A type reference's description: TypeSpec (items, additionalProperties, oneOf members) has none.
    return d.kind === "removed" && /\/(items|additionalProperties|oneOf\[\d+\])\/description$/.test(d.path);
}

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

    it("prints exactly what the same CLI prints for schema.json itself (byte-equal)", async function () {
        const fromFile = expectSuccess(await runPulumi(["package", "get-schema", path.join(repoRoot, "schema.json")], { cwd, env }),
            "pulumi package get-schema schema.json");
        expect(printed).to.equal(fromFile.stdout);
    });

    it("prints schema.json: JSON-equal up to the CLI's re-encoding (reports byte-equality)", function () {
        const got = JSON.parse(printed) as Json;
        const want = JSON.parse(expected) as Json;
        const diffs = differences(want, got);
        const unexpected = diffs.filter((d) => !isReencoding(d, got));
        expect(unexpected, "differences other than the CLI's re-encoding").to.deep.equal([]);
        // The report asked for: byte-equal and strictly JSON-equal or not, and why.
        const byteEqual = printed === expected;
        console.log(`      byte-equal to schema.json: ${byteEqual}; JSON-equal: ${diffs.length === 0}` +
            (diffs.length ? `; re-encoding differences: ${diffs.map((d) => `${d.kind} ${d.path}`).join(", ")}` : ""));
        // Same package, same API surface.
        const g = got as { [key: string]: any };
        const w = want as { [key: string]: any };
        expect(g.name).to.equal("kmskey");
        expect(g.version).to.equal(w.version);
        expect(Object.keys(g.resources).sort()).to.deep.equal(Object.keys(w.resources).sort());
        expect(Object.keys(g.functions ?? {}).sort()).to.deep.equal(Object.keys(w.functions ?? {}).sort());
    });
});
