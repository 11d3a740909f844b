// One benchmark scenario per process, so each has its own peak memory: prints {ms, maxRssMiB} as JSON.
// Usage: node -r ts-node/register/transpile-only bench/scenarios.ts <kmskey|raw|component|cdk> <count>
import * as path from "path";

const [scenario, countArg] = process.argv.slice(2);
const count = Number(countArg ?? 1000);
const ACCOUNT = "111122223333";

async function underMocks(program: () => void): Promise<number> {
    const pulumi = require("@pulumi/pulumi");
    const { useMocks } = require("../tests/support/mocks");
    await useMocks();
    // ts-node (which loads these TypeScript files) source-maps every stack trace, and the SDK takes one per
    // resource and promise: that would measure ts-node. Programs run compiled, so time without it.
    delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
    const start = process.hrtime.bigint();
    await pulumi.runtime.runInPulumiStack(async () => { program(); return {}; });
    await require("@pulumi/pulumi/runtime/settings").waitForRPCs();
    return Number(process.hrtime.bigint() - start) / 1e6;
}

async function run(): Promise<number> {
    switch (scenario) {
        case "kmskey": {
            const { KmsKey } = require(path.join(__dirname, "..", "provider"));
            return underMocks(() => {
                for (let i = 0; i < count; i++) new KmsKey(`key${i}`, { alias: `app/key${i}` });
            });
        }
        case "raw": {
            // What a user writes by hand for the same keys: the same policy, rotation, window and retain, and the alias.
            const aws = require("@pulumi/aws");
            return underMocks(() => {
                const policy = aws.getCallerIdentityOutput().apply((id: { accountId: string }) => JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Action: "kms:*", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${id.accountId}:root` }, Resource: "*" }],
                }));
                for (let i = 0; i < count; i++) {
                    const key = new aws.kms.Key(`key${i}`, { enableKeyRotation: true, deletionWindowInDays: 30, policy }, { retainOnDelete: true });
                    new aws.kms.Alias(`key${i}-alias`, { name: `alias/app/key${i}`, targetKeyId: key.arn });
                }
            });
        }
        case "component": {
            // The floor of any component: the same raw key and alias, inside a bare ComponentResource with no logic.
            const aws = require("@pulumi/aws");
            const pulumi = require("@pulumi/pulumi");
            class Bare extends pulumi.ComponentResource {
                constructor(name: string, policy: unknown) {
                    super("bench:index:Bare", name, {}, {});
                    const key = new aws.kms.Key(name, { enableKeyRotation: true, deletionWindowInDays: 30, policy }, { parent: this, retainOnDelete: true });
                    new aws.kms.Alias(`${name}-alias`, { name: `alias/app/${name}`, targetKeyId: key.arn }, { parent: this });
                    this.registerOutputs({ keyArn: key.arn });
                }
            }
            return underMocks(() => {
                const policy = aws.getCallerIdentityOutput().apply((id: { accountId: string }) => JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Action: "kms:*", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${id.accountId}:root` }, Resource: "*" }],
                }));
                for (let i = 0; i < count; i++) new Bare(`key${i}`, policy);
            });
        }
        case "cdk": {
            const cdk = require("aws-cdk-lib");
            const kms = require("aws-cdk-lib/aws-kms");
            const start = process.hrtime.bigint();
            const app = new cdk.App();
            // CloudFormation allows 500 resources a stack: 200 keys and their aliases in each.
            let stack: any;
            for (let i = 0; i < count; i++) {
                if (i % 200 === 0) stack = new cdk.Stack(app, `Bench${i / 200}`, { env: { account: ACCOUNT, region: "us-east-1" } });
                new kms.Key(stack, `Key${i}`, { alias: `app/key${i}`, enableKeyRotation: true });
            }
            app.synth();
            return Number(process.hrtime.bigint() - start) / 1e6;
        }
    }
    throw new Error(`unknown scenario ${scenario}`);
}

run().then((ms) => {
    console.log(JSON.stringify({ ms, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
    process.exit(0);
}, (e) => { console.error(e); process.exit(1); });
