// End to end, bad input: each case must fail `pulumi preview` (and `pulumi up`) with a message naming the
// property, before anything reaches AWS: in TypeScript the library throws (in the constructor, or once the
// account is known for the lockout guard); in YAML the provider's Construct answers with a per-property error.
// The cases: a waiting period KMS does not allow, a grant to everyone, and a lockout time bomb.
import { expect } from "chai";
import { stackState } from "./expectations";
import { ProjectOptions, createProject, fixture, installPluginAsTag, useAwsStandIn } from "./harness";
import { customerAliases, keyIds } from "../support/motoState";

interface BadCase {
    name: string;
    /** The KmsKey properties, as YAML (the TypeScript fixture has the same cases, chosen by the `case` config). */
    yaml: string;
    property: string;
    /** What a line of the output naming the property must also say. */
    says: RegExp;
}

const cases: BadCase[] = [
    { name: "pendingWindow", property: "pendingWindowInDays", says: /between 7 and 30 days\. Received: 3\b/, yaml: "      pendingWindowInDays: 3\n" },
    {
        name: "publicGrant", property: "grants[0]", says: /Allow to everyone/,
        yaml: "      grants:\n        - grantee: \"*\"\n          kind: decrypt\n",
    },
    {
        name: "timeBomb", property: "policyStatements[0]", says: /lock the account out of its key.*aws:CurrentTime/,
        yaml: "      policyStatements:\n        - Effect: Deny\n          Principal: \"*\"\n          Action: kms:*\n          Resource: \"*\"\n" +
            "          Condition:\n            DateGreaterThan:\n              aws:CurrentTime: \"2099-01-01T00:00:00Z\"\n",
    },
];

/** The YAML program of a case: one KmsKey with the bad properties (no packages: entry, see installPluginAsTag). */
function yamlProgram(c: BadCase): string {
    return `name: kmskey-e2e-yaml-bad-input\nruntime: yaml\nresources:\n  bad:\n    type: kmskey:KmsKey\n    properties:\n` +
        `      alias: e2e/yaml-bad-${c.name.toLowerCase()}\n      removalPolicy: destroy\n${c.yaml}outputs:\n  badKeyId: \${bad.keyId}\n`;
}

describe("e2e: bad input (a waiting period of 3 days, a public grant, a lockout time bomb) fails preview, naming the property; nothing is created", function () {
    this.timeout(300000);
    const standIn = useAwsStandIn();

    for (const c of cases) {
        const programs: { language: string; options: Omit<ProjectOptions, "aws"> }[] = [
            {
                language: "TypeScript",
                options: {
                    nodeModules: true, config: { case: c.name },
                    files: { "Pulumi.yaml": fixture("bad-input/Pulumi.yaml"), "package.json": fixture("bad-input/package.json"), "index.ts": fixture("bad-input/index.ts") },
                },
            },
            { language: "YAML", options: { files: { "Pulumi.yaml": yamlProgram(c) } } },
        ];
        for (const { language, options } of programs) {
            it(`${language}, ${c.name}: pulumi preview and pulumi up fail naming ${c.property}; moto has no key and no alias`, async function () {
                const { moto, aws } = standIn.get();
                aws.clearCalls();
                const project = await createProject({ aws, ...options });
                try {
                    // The YAML program's plugin: a fresh clone, installed where a git tag's download goes.
                    if (language === "YAML") await installPluginAsTag(project);
                    for (const args of [["preview"], ["up", "--yes", "--skip-preview"]]) {
                        const r = await project.pulumi(...args);
                        console.log(`      pulumi ${args[0]} (${language}, ${c.name}): ${r.ms} ms`);
                        expect(r.code, `pulumi ${args[0]} should fail:\n${r.output}`).to.not.equal(0);
                        // One message names the property and says what is wrong.
                        const lines = r.output.split("\n").filter((l) => l.includes(c.property));
                        expect(lines.some((l) => c.says.test(l)), r.output).to.equal(true);
                        // From YAML it arrives as the provider's per-property error (InputPropertiesError).
                        if (language === "YAML") expect(r.output).to.contain(`property ${c.property} with value`);
                    }
                    // No AWS resource in the state either (a failed construct may leave the empty component).
                    expect((await stackState(project)).filter((res) => res.type.startsWith("aws:"))).to.deep.equal([]);
                    expect(await keyIds(moto)).to.deep.equal([]);
                    expect([...(await customerAliases(moto)).keys()]).to.deep.equal([]);
                    const calls = aws.calls();
                    expect(calls.filter((call) => ["Create", "Update", "Delete"].includes(call.method))).to.deep.equal([]);
                    expect(calls.filter((call) => call.method === "Check" && call.type === "aws:kms/key:Key")).to.deep.equal([]);
                } finally {
                    project.remove();
                }
            });
        }
    }
});
