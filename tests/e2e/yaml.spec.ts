// End to end, YAML: a Pulumi YAML program (the real pulumi-language-yaml host) using `type: kmskey:KmsKey`,
// with our plugin installed from a fresh clone of this repository exactly as a git tag's download is installed
// (installPluginAsTag: $PULUMI_HOME/plugins/resource-kmskey-v<version>, npm install there): the engine runs its
// executable, pulumi-resource-kmskey, directly, or without one (as on Windows) goes through PulumiPlugin.yaml (the
// stand-in nodejs host's RunPlugin), and constructs the component remotely (Construct); the component's AWS resources go to the stand-in aws provider attached with
// PULUMI_DEBUG_PROVIDERS, which forwards to moto.
import { expect } from "chai";
import { ADMIN_ACTIONS, ENCRYPT_DECRYPT_ACTIONS, ROOT, expectDestroyKeepsRetainedKey, stackState, stateResource } from "./expectations";
import * as fs from "fs";
import * as path from "path";
import { Project, createProject, expectSuccess, fixture, installPluginAsTag, useAwsStandIn } from "./harness";
import { customerAliases, describeKey, keyIds, keyPolicy, keyTags, rotationEnabled } from "../support/motoState";

describe("e2e: YAML program (kmskey plugin from source, Construct) -> engine -> stand-in aws provider -> moto", function () {
    this.timeout(180000);
    const standIn = useAwsStandIn();
    let project: Project;
    let plugin: string;
    let outputs: { [key: string]: any };

    before(async function () {
        project = await createProject({ aws: standIn.get().aws, files: { "Pulumi.yaml": fixture("yaml/Pulumi.yaml") } });
        // The plugin as a git tag's download lands: $PULUMI_HOME/plugins/resource-kmskey-v<version>, installed there.
        plugin = await installPluginAsTag(project);
    });

    it("the plugin is installed where a git tag's download goes, built by npm's prepare script", function () {
        expect(fs.existsSync(path.join(plugin, "PulumiPlugin.yaml"))).to.equal(true);
        expect(fs.existsSync(path.join(plugin, "provider", "bin", "main.js"))).to.equal(true);
        expect(fs.existsSync(path.join(plugin, "node_modules", "@pulumi", "aws", "package.json"))).to.equal(true);
        // The unpacked tag keeps the executable's mode, so the engine can run it.
        expect(fs.statSync(path.join(plugin, "pulumi-resource-kmskey")).mode & 0o111).to.equal(0o111);
    });

    after(function () {
        project?.remove();
    });

    it("pulumi preview plans both components and their keys and aliases, and creates nothing", async function () {
        const r = expectSuccess(await project.pulumi("preview"), "pulumi preview");
        for (const line of [
            "kmskey:index:KmsKey data create", "kmskey:index:KmsKey scratch create", "aws:kms:Key data create",
            "aws:kms:Key scratch create", "aws:kms:Alias data-alias/e2e/yaml-data create", "aws:kms:Alias scratch-alias/e2e/yaml-scratch create",
        ]) expect(r.stdout).to.contain(line);
        expect(r.stdout).to.match(/\+ 7 to create/);
        expect(await keyIds(standIn.get().moto)).to.deep.equal([]);
    });

    it("pulumi up creates them in moto: key policy (root kms:* + admin + grant), rotation, tags, aliases", async function () {
        const r = expectSuccess(await project.pulumi("up", "--yes", "--skip-preview"), "pulumi up");
        expect(r.stdout).to.match(/\+ 7 created/);
        outputs = await project.outputs();
        const { moto } = standIn.get();

        const data = await describeKey(moto, outputs.dataKeyId);
        expect(data).to.include({ KeyState: "Enabled", Description: "e2e yaml data key", Arn: outputs.dataKeyArn });
        const policy = await keyPolicy(moto, outputs.dataKeyId);
        expect(policy).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                ROOT,
                { Action: ADMIN_ACTIONS, Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:role/KeyAdmins" }, Resource: "*" },
                { Action: ENCRYPT_DECRYPT_ACTIONS, Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:role/orders-service" }, Resource: "*" },
            ],
        });
        expect(policy).to.deep.equal(JSON.parse(outputs.dataPolicy));
        expect(await rotationEnabled(moto, outputs.dataKeyId)).to.equal(true);
        expect(await keyTags(moto, outputs.dataKeyId)).to.deep.equal({ team: "e2e-yaml" });
        expect(await keyPolicy(moto, outputs.scratchKeyId)).to.deep.equal({ Version: "2012-10-17", Statement: [ROOT] });

        const aliases = await customerAliases(moto);
        expect([...aliases.keys()].sort()).to.deep.equal(["alias/e2e/yaml-data", "alias/e2e/yaml-scratch"]);
        expect(aliases.get("alias/e2e/yaml-data")!.TargetKeyId).to.equal(outputs.dataKeyId);
        expect(aliases.get("alias/e2e/yaml-scratch")!.TargetKeyId).to.equal(outputs.scratchKeyId);
        expect(outputs.dataAliases).to.deep.equal(["alias/e2e/yaml-data"]);

        // What the component handed the aws provider (moto does not keep the rotation period), and the safety
        // option it set: the engine recorded retainOnDelete on the retained key only.
        const state = await stackState(project);
        const dataKey = stateResource(state, "aws:kms/key:Key", "data");
        expect(dataKey.inputs).to.include({ enableKeyRotation: true, rotationPeriodInDays: 365, deletionWindowInDays: 30 });
        expect(dataKey.retainOnDelete).to.equal(true);
        const scratchKey = stateResource(state, "aws:kms/key:Key", "scratch");
        expect(scratchKey.inputs).to.include({ deletionWindowInDays: 7 });
        expect(scratchKey.retainOnDelete ?? false).to.equal(false);
        expect(dataKey.parent).to.equal(stateResource(state, "kmskey:index:KmsKey", "data").urn);
    });

    it("pulumi preview then shows no changes; the engine ran the plugin's executable itself, with no language host", async function () {
        const r = expectSuccess(await project.pulumi("preview", "--expect-no-changes", "--logtostderr", "-v=9"), "pulumi preview --expect-no-changes");
        expect(r.stderr).to.contain(`Launching plugin 'kmskey (resource)' from '${path.join(plugin, "pulumi-resource-kmskey")}' with args`);
        expect(r.stderr).not.to.contain("via runtime 'nodejs'");
        expect(r.stderr).not.to.contain("langhost[nodejs]");
    });

    it("pulumi destroy: the retained key stays Enabled, the destroy key is PendingDeletion for 7 days, aliases go", async function () {
        await expectDestroyKeepsRetainedKey(project, standIn.get(), { retained: outputs.dataKeyId, destroyed: outputs.scratchKeyId }, 7);
    });
});

// Where the engine finds no pulumi-resource-kmskey (on Windows it looks for pulumi-resource-kmskey.exe or .cmd:
// sdk/go/common/workspace/plugins.go getCandidateExtensions), it runs the plugin through PulumiPlugin.yaml's
// nodejs runtime: the language host's RunPlugin, then run-plugin, then package.json#main.
describe("e2e: YAML program, the plugin without its executable (as on Windows): through PulumiPlugin.yaml's nodejs runtime", function () {
    this.timeout(180000);
    const standIn = useAwsStandIn();
    let project: Project;
    let plugin: string;

    before(async function () {
        project = await createProject({
            aws: standIn.get().aws,
            files: {
                "Pulumi.yaml": [
                    "name: kmskey-e2e-yaml-runtime", "runtime: yaml", "resources:", "  only:", "    type: kmskey:KmsKey",
                    "    properties:", "      alias: e2e/yaml-runtime", "outputs:", "  keyId: ${only.keyId}", "",
                ].join("\n"),
            },
        });
        plugin = await installPluginAsTag(project);
        fs.rmSync(path.join(plugin, "pulumi-resource-kmskey"));
    });

    after(function () {
        project?.remove();
    });

    it("pulumi up creates the key and its alias, the plugin run by the nodejs host's RunPlugin", async function () {
        const r = expectSuccess(await project.pulumi("up", "--yes", "--logtostderr", "-v=9"), "pulumi up");
        expect(r.stdout).to.match(/\+ 4 created/);
        expect(r.stderr).to.contain(`Launching plugin 'kmskey (resource)' from '${plugin}' via runtime 'nodejs'`);
        expect(r.stderr).to.match(/langhost\[nodejs\]\.RunPlugin\(root=[^)]*resource-kmskey-v/);
        const { keyId } = await project.outputs();
        expect((await customerAliases(standIn.get().moto)).get("alias/e2e/yaml-runtime")?.TargetKeyId).to.equal(keyId);
        expect(await describeKey(standIn.get().moto, keyId)).to.include({ KeyState: "Enabled" });
    });
});
