// End to end, bad input: KMS allows a 7-30 day waiting period, so `pendingWindowInDays: 3` must fail
// `pulumi preview` (and `pulumi up`) with a message naming the property, before anything reaches AWS: in
// TypeScript the library throws in the constructor; in YAML the provider's Construct answers with a
// per-property error.
import { expect } from "chai";
import { stackState } from "./expectations";
import { ProjectOptions, createProject, fixture, installPluginAsTag, useAwsStandIn } from "./harness";
import { customerAliases, keyIds } from "../support/motoState";

describe("e2e: a bad input (pendingWindowInDays: 3) fails preview, naming the property; nothing is created", function () {
    this.timeout(180000);
    const standIn = useAwsStandIn();

    const programs: { language: string; options: Omit<ProjectOptions, "aws"> }[] = [
        {
            language: "TypeScript",
            options: { nodeModules: true, files: { "Pulumi.yaml": fixture("bad-input/Pulumi.yaml"), "package.json": fixture("bad-input/package.json"), "index.ts": fixture("bad-input/index.ts") } },
        },
        { language: "YAML", options: { files: { "Pulumi.yaml": fixture("yaml-bad-input/Pulumi.yaml") } } },
    ];

    for (const { language, options } of programs) {
        it(`${language}: pulumi preview and pulumi up fail with a pendingWindowInDays error; moto has no key and no alias`, async function () {
            const { moto, aws } = standIn.get();
            aws.clearCalls();
            const project = await createProject({ aws, ...options });
            try {
                // The YAML program's plugin: a fresh clone, installed where a git tag's download goes.
                if (language === "YAML") await installPluginAsTag(project);
                for (const args of [["preview"], ["up", "--yes", "--skip-preview"]]) {
                    const r = await project.pulumi(...args);
                    expect(r.code, `pulumi ${args[0]} should fail:\n${r.output}`).to.not.equal(0);
                    // One message names the property, the value and the allowed range.
                    const lines = r.output.split("\n").filter((l) => l.includes("pendingWindowInDays"));
                    expect(lines.some((l) => /\b3\b/.test(l) && /\b7\b.*\b30\b/.test(l)), r.output).to.equal(true);
                    // From YAML it arrives as the provider's per-property error (InputPropertiesError).
                    if (language === "YAML") expect(r.output).to.contain("property pendingWindowInDays with value 3 has a problem");
                }
                // No AWS resource in the state either (a failed construct may leave the empty component).
                expect((await stackState(project)).filter((res) => res.type.startsWith("aws:"))).to.deep.equal([]);
                expect(await keyIds(moto)).to.deep.equal([]);
                expect([...(await customerAliases(moto)).keys()]).to.deep.equal([]);
                const calls = aws.calls();
                expect(calls.filter((c) => ["Create", "Update", "Delete"].includes(c.method))).to.deep.equal([]);
                expect(calls.filter((c) => c.method === "Check" && c.type === "aws:kms/key:Key")).to.deep.equal([]);
            } finally {
                project.remove();
            }
        });
    }
});
