// End to end, `pulumi package add <a fresh clone of this repository>` in a Python project and in a Go project, as
// packageAdd.spec.ts does for TypeScript: the real CLI gets the schema from our plugin run from source, generates
// the language's SDK into sdks/kmskey and asks the language host to link it (the stand-in hosts' Link,
// scripts/tools-go/gen/python.go and golang.go): Python gets the SDK's path as a line of requirements.txt and the
// following InstallDependencies makes ./venv with it; Go gets a `replace` in go.mod and `go mod tidy`. Then a
// program written against the SDK is deployed to moto through the stand-in aws provider: the component is
// constructed remotely (Construct) and its grant_decrypt / GrantDecrypt method goes to our plugin (Call).
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { ACCOUNT, ADMIN_ACTIONS, ROOT, stackResources, stackState, stateResource } from "./expectations";
import { Project, createProject, expectSuccess, pluginDir, useAwsStandIn } from "./harness";
import { createRole, customerAliases, describeKey, keyIds, keyPolicy, rolePolicies } from "../support/motoState";

interface PackageAddLanguage {
    language: string;
    /** The project before `pulumi package add`. */
    files: { [name: string]: string };
    env?: NodeJS.ProcessEnv;
    /** What `pulumi package add` printed and changed in the project. */
    linked(project: Project, output: string): void;
    /** The program written against the SDK (file name -> text). */
    program: { [name: string]: string };
    /** Run after writing the program, before `pulumi up` (e.g. `pulumi install` for go mod tidy). */
    prepare?: (project: Project) => Promise<void>;
}

const LANGUAGES: PackageAddLanguage[] = [
    {
        language: "Python",
        files: {
            "Pulumi.yaml": "name: kmskey-e2e-package-add-py\nruntime:\n  name: python\n  options:\n    toolchain: pip\n    virtualenv: venv\n",
            "requirements.txt": "pulumi>=3.142.0,<4.0.0\n",
            "__main__.py": "import pulumi\n",
        },
        linked(project, output) {
            expect(output).to.contain("You can import the SDK in your Python code with:\n\n  import pulumi_kmskey as pulumi_kmskey");
            expect(fs.readFileSync(path.join(project.dir, "requirements.txt"), "utf8")).to.equal("pulumi>=3.142.0,<4.0.0\nsdks/kmskey\n");
            const lib = path.join(project.dir, "venv", "lib");
            const site = path.join(lib, fs.readdirSync(lib).find((d) => d.startsWith("python"))!, "site-packages");
            expect(fs.existsSync(path.join(site, "pulumi_kmskey", "kms_key.py"))).to.equal(true);
        },
        program: {
            "__main__.py": `import pulumi
import pulumi_kmskey as kmskey

account = "${ACCOUNT}"

# Retained (the default removalPolicy).
key = kmskey.KmsKey("app", description="e2e package add key", alias="e2e/package-add",
                    admins=[f"arn:aws:iam::{account}:role/KeyAdmins"])
# A component method: a Call to the kmskey plugin, which attaches an inline policy to the role.
pulumi.export("grantPolicyName", key.grant_decrypt(grantee=f"arn:aws:iam::{account}:role/reports-service"))
pulumi.export("keyId", key.key_id)
pulumi.export("keyArn", key.key_arn)
pulumi.export("aliasNames", key.alias_names)
`,
        },
    },
    {
        language: "Go",
        env: { GOFLAGS: "-buildvcs=false", GOTOOLCHAIN: "local" },
        files: {
            "Pulumi.yaml": "name: kmskey-e2e-package-add-go\nruntime: go\n",
            "go.mod": "module kmskey-e2e-package-add-go\n\ngo 1.26.6\n\nrequire github.com/pulumi/pulumi/sdk/v3 v3.276.0\n",
            "main.go": `package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error { return nil })
}
`,
        },
        linked(project, output) {
            expect(output).to.contain("You can import the SDK in your Go code with:\n\n  import (\n    \"github.com/kmskey/kmskey/sdk/go/kmskey\"\n  )");
            const gomod = fs.readFileSync(path.join(project.dir, "go.mod"), "utf8");
            expect(gomod).to.match(/^replace github\.com\/kmskey\/kmskey\/sdk\/go => \.\/sdks\/kmskey$/m);
            const sdkMod = fs.readFileSync(path.join(project.dir, "sdks", "kmskey", "go.mod"), "utf8");
            expect(sdkMod).to.match(/^module github\.com\/kmskey\/kmskey\/sdk\/go$/m);
            expect(fs.existsSync(path.join(project.dir, "sdks", "kmskey", "kmskey", "kmsKey.go"))).to.equal(true);
        },
        program: {
            "main.go": `package main

import (
	"fmt"

	"github.com/kmskey/kmskey/sdk/go/kmskey"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const account = "${ACCOUNT}"

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		// Retained (the default removalPolicy).
		key, err := kmskey.NewKmsKey(ctx, "app", &kmskey.KmsKeyArgs{
			Description: pulumi.String("e2e package add key"),
			Alias:       pulumi.StringRef("e2e/package-add"),
			Admins:      pulumi.StringArray{pulumi.String(fmt.Sprintf("arn:aws:iam::%s:role/KeyAdmins", account))},
		})
		if err != nil {
			return err
		}
		// A component method: a Call to the kmskey plugin, which attaches an inline policy to the role.
		policyName, err := key.GrantDecrypt(ctx, &kmskey.KmsKeyGrantDecryptArgs{
			Grantee: pulumi.String(fmt.Sprintf("arn:aws:iam::%s:role/reports-service", account)),
		})
		if err != nil {
			return err
		}
		ctx.Export("grantPolicyName", policyName)
		ctx.Export("keyId", key.KeyId)
		ctx.Export("keyArn", key.KeyArn)
		ctx.Export("aliasNames", key.AliasNames)
		return nil
	})
}
`,
        },
        // The program now imports the SDK: go mod tidy (pulumi install) adds its require, resolved by the replace.
        async prepare(project) {
            expectSuccess(await project.pulumi("install"), "pulumi install");
            expect(fs.readFileSync(path.join(project.dir, "go.mod"), "utf8")).to.match(/^\s*github\.com\/kmskey\/kmskey\/sdk\/go v0\.0\.0-/m);
        },
    },
];

describe("e2e: pulumi package add (Python, Go) -> generated SDK -> engine (Construct, Call) -> stand-in aws provider -> moto", function () {
    this.timeout(600000);
    const standIn = useAwsStandIn();

    for (const lang of LANGUAGES) {
        describe(lang.language, function () {
            let project: Project;
            let outputs: { [key: string]: any };

            before(async function () {
                const { moto, aws } = standIn.get();
                await moto.reset();
                await createRole(moto, "reports-service");
                project = await createProject({ aws, files: lang.files, env: lang.env });
            });

            after(function () {
                project?.remove();
            });

            it("pulumi package add generates sdks/kmskey, records the package, links and installs it, and prints the import", async function () {
                const r = expectSuccess(await project.pulumi("package", "add", pluginDir()), "pulumi package add");
                const pulumiYaml = fs.readFileSync(path.join(project.dir, "Pulumi.yaml"), "utf8");
                expect(pulumiYaml).to.match(new RegExp(`^packages:\\n  kmskey: ${pluginDir().replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\n`, "m"));
                lang.linked(project, r.output);
            });

            it("pulumi up deploys a program using the SDK: key, policy, alias, and the grant_decrypt role policy (Call)", async function () {
                for (const [name, text] of Object.entries(lang.program)) fs.writeFileSync(path.join(project.dir, name), text);
                await lang.prepare?.(project);
                const { moto } = standIn.get();
                const r = expectSuccess(await project.pulumi("up", "--yes", "--skip-preview"), "pulumi up");
                expect(r.stdout).to.match(/\+ 5 created/); // stack, component, key, alias, role policy
                outputs = await project.outputs();

                expect(await keyIds(moto)).to.deep.equal([outputs.keyId]);
                expect(await describeKey(moto, outputs.keyId)).to.include({ KeyState: "Enabled", Description: "e2e package add key", Arn: outputs.keyArn });
                expect(await keyPolicy(moto, outputs.keyId)).to.deep.equal({
                    Version: "2012-10-17",
                    Statement: [ROOT, { Action: ADMIN_ACTIONS, Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/KeyAdmins` }, Resource: "*" }],
                });
                expect([...(await customerAliases(moto)).keys()]).to.deep.equal(["alias/e2e/package-add"]);
                expect(outputs.aliasNames).to.deep.equal(["alias/e2e/package-add"]);

                const inline = await rolePolicies(moto, "reports-service");
                expect(Object.keys(inline)).to.deep.equal([outputs.grantPolicyName]);
                expect(inline[outputs.grantPolicyName]).to.deep.equal({
                    Version: "2012-10-17", Statement: [{ Action: "kms:Decrypt", Effect: "Allow", Resource: outputs.keyArn }],
                });
                const state = await stackState(project);
                const grant = state.filter((res) => res.type === "aws:iam/rolePolicy:RolePolicy");
                expect(grant.map((res) => res.parent)).to.deep.equal([stateResource(state, "kmskey:index:KmsKey", "app").urn]);
            });

            it("pulumi destroy removes the alias and the role policy and leaves the retained key Enabled", async function () {
                const { moto } = standIn.get();
                const r = expectSuccess(await project.pulumi("destroy", "--yes", "--skip-preview"), "pulumi destroy");
                expect(r.stdout).to.match(/- 5 deleted/);
                expect(await stackResources(project)).to.deep.equal([]);
                expect((await describeKey(moto, outputs.keyId)).KeyState).to.equal("Enabled");
                expect([...(await customerAliases(moto)).keys()]).to.deep.equal([]);
                expect(await rolePolicies(moto, "reports-service")).to.deep.equal({});
            });
        });
    }
});
