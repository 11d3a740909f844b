// `make demo`: runs examples/typescript under the Pulumi mock runtime (account 111122223333, us-east-1) and
// prints, like `cdk synth`, every resource the program would create with its inputs, and each key policy.
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ACCOUNT, Registration, useMocks } from "../tests/support/mocks";
import { AccessEntry, PolicyDocument, accessSummary } from "../provider/src/policy";

const root = path.join(__dirname, "..");
const example = path.join(root, "examples", "typescript", "index.ts");

// The example imports the library as a user would ("kmskey/provider"); here that is this checkout.
const Module = require("module");
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request: string, ...rest: unknown[]) {
    if (request === "kmskey/provider") return resolve.call(this, path.join(root, "provider"), ...rest);
    return resolve.call(this, request, ...rest);
};

function indent(text: string, by: string) {
    return text.split("\n").map((l) => by + l).join("\n");
}

/** The access summary of a key as a table: principal, capabilities, and the conditions that limit them. */
function accessTable(key: Registration, all: Registration[]): string {
    // The identity policies the grant methods attached: role and user policies under the same component.
    const identityPolicies = all
        .filter((r) => (r.type === "aws:iam/rolePolicy:RolePolicy" || r.type === "aws:iam/userPolicy:UserPolicy") && r.options.parent === key.options.parent)
        .map((r) => ({
            principal: `arn:aws:iam::${ACCOUNT}:${r.type.includes("role") ? "role" : "user"}/${r.inputs.role ?? r.inputs.user}`,
            document: JSON.parse(r.inputs.policy) as PolicyDocument,
        }));
    const entries: AccessEntry[] = accessSummary(JSON.parse(key.inputs.policy), { accountId: ACCOUNT, partition: "aws" }, identityPolicies);
    const rows = entries.map((e) => [
        e.principal + (e.delegatedToIam ? " (IAM-delegated)" : "") + (e.crossAccount ? " (other account)" : ""),
        e.source === "keyPolicy" ? "key policy" : "identity policy",
        e.capabilities.join(", "),
        [...e.conditions.map((c) => `if ${JSON.stringify(c)}`), ...e.limitedByDeny.map((c) => `denied if ${JSON.stringify(c)}`)].join("; ") || "-",
    ]);
    const header = ["principal", "via", "can", "limited by"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => "| " + cells.map((c, i) => c.padEnd(widths[i])).join(" | ") + " |";
    return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function showValue(name: string, value: unknown): string {
    if (name === "policy" && typeof value === "string") {
        return `${name}: |\n${indent(JSON.stringify(JSON.parse(value), null, 2), "    ")}`;
    }
    return `${name}: ${JSON.stringify(value)}`;
}

async function main() {
    const mocks = await useMocks({ existingAliases: { "alias/legacy-orders": "5678efgh-12ab-34cd-56ef-1234567890ab" } });
    let outputs: Record<string, unknown> = {};
    await pulumi.runtime.runInPulumiStack(async () => {
        outputs = require(example);
        return outputs;
    });
    await require("@pulumi/pulumi/runtime/settings").waitForRPCs();

    console.log(`# KmsKey demo: ${path.relative(root, example)} synthesized offline (mock account 111122223333, us-east-1)\n`);
    console.log("Resources:");
    for (const r of mocks.registrations) {
        if (r.type === "pulumi:pulumi:Stack") continue;
        const parent = mocks.registrations.find((p) => p.urn !== r.urn && r.options.parent && r.options.parent.endsWith(`::${p.name}`) && r.options.parent.includes(p.type));
        const options = [
            parent ? `parent: ${parent.name}` : undefined,
            r.options.retainOnDelete !== undefined ? `retainOnDelete: ${r.options.retainOnDelete}` : undefined,
        ].filter(Boolean).join(", ");
        console.log(`\n  ${r.name}:\n    Type: ${r.type}${options ? `\n    Options: {${options}}` : ""}`);
        const entries = Object.entries(r.inputs ?? {});
        if (entries.length) {
            console.log("    Properties:");
            for (const [k, v] of entries) console.log(indent(showValue(k, v), "      "));
        }
        if (r.type === "aws:kms/key:Key" && typeof r.inputs.policy === "string") {
            console.log("    Access summary (who can do what with this key):");
            console.log(indent(accessTable(r, mocks.registrations), "      "));
        }
    }
    console.log("\nOutputs:");
    for (const [k, v] of Object.entries(outputs)) {
        console.log(`  ${k}: ${JSON.stringify(await (v as any).promise())}`);
    }
    const keys = mocks.ofType("aws:kms/key:Key").length;
    console.log(`\n${mocks.registrations.length} resources (${keys} KMS keys, ${mocks.ofType("aws:kms/alias:Alias").length} aliases, ` +
        `${mocks.ofType("aws:iam/rolePolicy:RolePolicy").length} IAM role policies), ${mocks.invokes.length} invokes.`);
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
