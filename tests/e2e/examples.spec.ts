// End to end, the Python, Go and Java examples (examples/<lang>) as a user runs them from a checkout: their
// Pulumi.yaml names this repository under `packages:` (the test points it, and the examples' other `../..`
// references, at the fresh clone of pluginDir()), so the engine runs
// our plugin from source and constructs each component remotely (Construct); the Python and Go programs' method
// calls (grant_decrypt, GrantDecrypt, ...) go through the engine to the plugin (Call). The AWS resources go to
// the stand-in aws provider attached with PULUMI_DEBUG_PROVIDERS, which forwards them to moto.
//
// Python and Go run on the stand-in language hosts (scripts/tools-go/gen/python.go, golang.go), Java on the real
// pulumi-language-java. `pulumi install` does what it does for a user: for Python and Go it installs the plugin,
// generates the SDK of each package named in Pulumi.yaml into sdks/ and links it (requirements.txt / go.mod), then
// installs the dependencies (a venv from requirements.txt; `go mod tidy`). The Java example depends on
// com.kmskey:kmskey, which `make test-e2e` installs into the Maven repository under .cache/sdk/m2 (mk/sdk.mk).
//
// Each example first runs with a bad `partnerAccount` (a key-policy grant to it): preview fails naming the
// property and nothing is created; then with a good one: preview, up, refresh (no changes), destroy.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { ADMIN_ACTIONS, ACCOUNT, ENCRYPT_DECRYPT_ACTIONS, ROOT, expectDestroyKeepsRetainedKey, stackState } from "./expectations";
import { Project, createProject, expectSuccess, pluginDir, repoRoot, runPulumi, useAwsStandIn } from "./harness";
import { createRole, customerAliases, describeKey, keyIds, keyPolicy, keyTags, rolePolicies, rotationEnabled } from "../support/motoState";

const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const REGION = "us-east-1";

/** An example's files, read from examples/<dir>; its `../..` references to the checkout become `<repo>` (pluginDir()). */
export function exampleFiles(dir: string): { [name: string]: string } {
    const root = path.join(pluginDir(), "examples", dir);
    const files: { [name: string]: string } = {};
    const walk = (rel: string): void => {
        for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
            const name = path.join(rel, entry.name);
            if (entry.isDirectory()) {
                if (!["venv", "target", "sdks", "__pycache__"].includes(entry.name)) walk(name);
            } else if (!entry.name.endsWith("_test.go")) {
                files[name] = fs.readFileSync(path.join(root, name), "utf8").replace(/\.\.\/\.\.(?=[/\s]|$)/gm, "<repo>");
            }
        }
    };
    walk("");
    return files;
}

interface ExampleLanguage {
    language: string;
    dir: string;
    /** The program calls the component methods (grant*): identity policies instead of key-policy grants. */
    methods: boolean;
    /**
     * Where `pulumi install` runs before the first preview: in the project ("project": the packages' SDKs, linked,
     * then the program's dependencies), or in the plugin's directory ("plugin": the plugin's own dependencies).
     */
    install: "project" | "plugin";
    env?: NodeJS.ProcessEnv;
    /** Checks on the project after `pulumi install`. */
    installed?: (project: Project) => void;
}

const LANGUAGES: ExampleLanguage[] = [
    {
        language: "Python", dir: "python", methods: true, install: "project",
        installed(project) {
            // Link put the generated SDK's path in requirements.txt; InstallDependencies made ./venv from it.
            const requirements = fs.readFileSync(path.join(project.dir, "requirements.txt"), "utf8");
            expect(requirements.split("\n").filter((l) => l && !l.startsWith("#"))).to.deep.equal(["pulumi>=3.142.0,<4.0.0", "sdks/kmskey"]);
            expect(fs.existsSync(path.join(project.dir, "sdks", "kmskey", "pulumi_kmskey", "kms_key.py"))).to.equal(true);
            const site = path.join(project.dir, "venv", "lib");
            const pythonDir = fs.readdirSync(site).find((d) => d.startsWith("python"))!;
            expect(fs.existsSync(path.join(site, pythonDir, "site-packages", "pulumi_kmskey", "kms_key.py"))).to.equal(true);
        },
    },
    {
        language: "Go", dir: "go", methods: true, install: "project",
        env: { GOFLAGS: "-buildvcs=false", GOTOOLCHAIN: "local" },
        installed(project) {
            // Link added a replace for the generated SDK's module; the example's own replace (../../sdk) stays.
            const gomod = fs.readFileSync(path.join(project.dir, "go.mod"), "utf8");
            expect(gomod).to.match(/^replace github\.com\/kmskey\/kmskey\/sdk\/go => \.\/sdks\/kmskey$/m);
            expect(gomod).to.contain(`\nreplace github.com/kmskey/kmskey/sdk => ${pluginDir()}/sdk\n`);
        },
    },
    {
        // `pulumi install` in the Java project fails when it links the kmskey SDK: pulumi-language-java v1.12.0 (the
        // newest the module proxy serves with a checksum) cannot parse CLI v3.276's LinkRequest ("proto: cannot
        // parse invalid wire-format data"). So the plugin's dependencies are installed in its directory, and the
        // SDK comes from the Maven repository, as the example's pom.xml says.
        language: "Java", dir: "java", methods: false, install: "plugin",
        env: { MAVEN_OPTS: `-Dmaven.repo.local=${path.join(repoRoot, ".cache", "sdk", "m2")}` },
    },
];

describe("e2e: the Python, Go and Java examples -> engine (Construct, Call) -> stand-in aws provider -> moto", function () {
    this.timeout(600000);
    const standIn = useAwsStandIn();

    for (const lang of LANGUAGES) {
        describe(`${lang.language} (examples/${lang.dir})`, function () {
            let project: Project;
            let outputs: { [key: string]: any };
            let dataKeyId: string;

            before(async function () {
                const { moto, aws } = standIn.get();
                await moto.reset();
                aws.clearCalls();
                for (const name of ["orders-service", "receipt-verifier", "auditor"]) await createRole(moto, name);
                project = await createProject({
                    aws, files: exampleFiles(lang.dir), env: lang.env,
                    config: {
                        adminRoleArn: role("KeyAdmins"), appRoleArn: role("orders-service"), verifierRoleArn: role("receipt-verifier"),
                        auditorRoleArn: role("auditor"), partnerAccount: "not-an-account",
                    },
                });
            });

            after(function () {
                project?.remove();
            });

            it(`pulumi install (in the ${lang.install}) installs the dependencies`, async function () {
                const r = lang.install === "project"
                    ? await project.pulumi("install")
                    : await runPulumi(["install", "--non-interactive"], { cwd: pluginDir(), env: project.env });
                expect(expectSuccess(r, "pulumi install").output).to.contain("Finished installing dependencies");
                lang.installed?.(project);
            });

            it("with a bad partnerAccount, pulumi preview fails naming grants[1].grantee, and nothing is created", async function () {
                const { moto, aws } = standIn.get();
                const r = await project.pulumi("preview");
                expect(r.code, `pulumi preview should fail:\n${r.output}`).to.not.equal(0);
                // One message names the property and the value.
                const lines = r.output.split("\n").filter((l) => l.includes("grants[1].grantee") && l.includes("not-an-account"));
                expect(lines, r.output).to.not.deep.equal([]);
                expect((await stackState(project)).filter((res) => res.type.startsWith("aws:"))).to.deep.equal([]);
                expect(await keyIds(moto)).to.deep.equal([]);
                expect([...(await customerAliases(moto)).keys()]).to.deep.equal([]);
                expect(aws.calls().filter((c) => ["Create", "Update", "Delete"].includes(c.method))).to.deep.equal([]);
            });

            it("pulumi preview plans both keys, their aliases and the grants, and creates nothing", async function () {
                expectSuccess(await project.pulumi("config", "set", "partnerAccount", "444455556666"), "pulumi config set");
                const r = expectSuccess(await project.pulumi("preview"), "pulumi preview");
                for (const line of [
                    "kmskey:index:KmsKey orders-data create", "kmskey:index:KmsKey orders-signing create",
                    "kmskey:index:ImportedKey audit create", "kmskey:index:ImportedKey legacy create",
                    "aws:kms:Key orders-data create", "aws:kms:Key orders-signing create",
                    "aws:kms:Alias orders-data-alias/orders/data create", "aws:kms:Alias orders-data-alias/orders/data-v1 create",
                    "aws:kms:Alias orders-signing-alias/orders/signing create",
                ]) expect(r.stdout).to.contain(line);
                // Stack, 4 components, 2 keys, 3 aliases; with methods, 4 role policies (grant_encrypt_decrypt,
                // grant_sign, grant_verify, and grant_decrypt on the imported key).
                expect(r.stdout).to.match(new RegExp(`\\+ ${lang.methods ? 14 : 10} to create`));
                expect(await keyIds(standIn.get().moto)).to.deep.equal([]);
            });

            it("pulumi up creates them in moto: key policies, aliases, tags, and the method calls' role policies", async function () {
                const r = expectSuccess(await project.pulumi("up", "--yes", "--skip-preview"), "pulumi up");
                expect(r.stdout).to.match(new RegExp(`\\+ ${lang.methods ? 14 : 10} created`));
                outputs = await project.outputs();
                const { moto } = standIn.get();
                expect(outputs.dataKeyArn).to.match(new RegExp(`^arn:aws:kms:${REGION}:${ACCOUNT}:key/`));
                dataKeyId = outputs.dataKeyArn.split("/").pop();
                const signingKeyArn = (await describeKey(moto, outputs.signingKeyId)).Arn!;
                expect((await keyIds(moto)).sort()).to.deep.equal([dataKeyId, outputs.signingKeyId].sort());

                const data = await describeKey(moto, dataKeyId);
                expect(data).to.include({ KeyState: "Enabled", Description: "Encrypts order records at rest", KeySpec: "SYMMETRIC_DEFAULT" });
                expect(await rotationEnabled(moto, dataKeyId)).to.equal(true);
                expect(await keyTags(moto, dataKeyId)).to.deep.equal({ team: "orders", dataClassification: "confidential" });
                const admin = { Action: ADMIN_ACTIONS, Effect: "Allow", Principal: { AWS: role("KeyAdmins") }, Resource: "*" };
                const keyGrant = (principal: object, actions: string | string[]) => ({ Action: actions, Effect: "Allow", Principal: principal, Resource: "*" });
                expect(await keyPolicy(moto, dataKeyId)).to.deep.equal({
                    Version: "2012-10-17",
                    Statement: [
                        ROOT, admin,
                        keyGrant({ Service: "logs.amazonaws.com" }, ENCRYPT_DECRYPT_ACTIONS),
                        keyGrant({ AWS: "arn:aws:iam::444455556666:root" }, "kms:Decrypt"),
                        // Java has no methods: the application role's access is a key-policy grant.
                        ...(lang.methods ? [] : [keyGrant({ AWS: role("orders-service") }, ENCRYPT_DECRYPT_ACTIONS)]),
                    ],
                });

                const signing = await describeKey(moto, outputs.signingKeyId);
                expect(signing).to.include({ KeyState: "Enabled", KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY", Description: "Signs order receipts" });
                expect(await rotationEnabled(moto, outputs.signingKeyId)).to.equal(false);
                expect(await keyPolicy(moto, outputs.signingKeyId)).to.deep.equal({
                    Version: "2012-10-17",
                    Statement: [
                        ROOT, admin,
                        ...(lang.methods ? [] : [keyGrant({ AWS: role("orders-service") }, "kms:Sign"), keyGrant({ AWS: role("receipt-verifier") }, "kms:Verify")]),
                    ],
                });

                const aliases = await customerAliases(moto);
                expect([...aliases.keys()].sort()).to.deep.equal(["alias/orders/data", "alias/orders/data-v1", "alias/orders/signing"]);
                expect(aliases.get("alias/orders/data")!.TargetKeyId).to.equal(dataKeyId);
                expect(aliases.get("alias/orders/data-v1")!.TargetKeyId).to.equal(dataKeyId);
                expect(aliases.get("alias/orders/signing")!.TargetKeyId).to.equal(outputs.signingKeyId);
                expect(outputs.dataKeyAliases).to.deep.equal(["alias/orders/data", "alias/orders/data-v1"]);
                expect(outputs.auditKeyArn).to.equal(`arn:aws:kms:${REGION}:${ACCOUNT}:alias/security/audit`);
                expect(outputs.legacyKeyIsDummy).to.equal(true); // alias/legacy-orders does not exist in moto

                const allow = (actions: string | string[], resource: string, extra: object = {}) =>
                    ({ Version: "2012-10-17", Statement: [{ Action: actions, Effect: "Allow", Resource: resource, ...extra }] });
                const policies = async (name: string) => Object.values(await rolePolicies(moto, name));
                if (lang.methods) {
                    expect(await policies("orders-service")).to.have.deep.members([
                        allow(ENCRYPT_DECRYPT_ACTIONS, outputs.dataKeyArn), allow("kms:Sign", signingKeyArn),
                    ]);
                    expect(await policies("receipt-verifier")).to.deep.equal([allow("kms:Verify", signingKeyArn)]);
                    // grant_decrypt / GrantDecrypt on the key imported by alias: any key carrying the alias.
                    expect(await policies("auditor")).to.deep.equal([allow("kms:Decrypt", `arn:aws:kms:${REGION}:${ACCOUNT}:key/*`, {
                        Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/security/audit" } },
                    })]);
                } else {
                    for (const name of ["orders-service", "receipt-verifier", "auditor"]) expect(await policies(name)).to.deep.equal([]);
                }
            });

            it("pulumi refresh reads everything back unchanged", async function () {
                const { aws } = standIn.get();
                aws.clearCalls();
                expectSuccess(await project.pulumi("refresh", "--yes", "--skip-preview", "--expect-no-changes"), "pulumi refresh --expect-no-changes");
                const reads = aws.calls().filter((c) => c.method === "Read").map((c) => c.type);
                expect(reads.filter((t) => t === "aws:kms/key:Key")).to.have.length(2);
                expect(reads.filter((t) => t === "aws:kms/alias:Alias")).to.have.length(3);
                expect(reads.filter((t) => t === "aws:iam/rolePolicy:RolePolicy")).to.have.length(lang.methods ? 4 : 0);
            });

            it("pulumi destroy: the retained data key stays Enabled, the signing key is PendingDeletion for 30 days, the rest goes", async function () {
                await expectDestroyKeepsRetainedKey(project, standIn.get(), { retained: dataKeyId, destroyed: outputs.signingKeyId },
                    lang.methods ? 14 : 10, 30);
                const { moto } = standIn.get();
                for (const name of ["orders-service", "receipt-verifier", "auditor"]) expect(await rolePolicies(moto, name)).to.deep.equal({});
            });
        });
    }
});
