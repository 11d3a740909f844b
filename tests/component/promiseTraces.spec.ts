// The SDK's promise stack traces (provider/src/promiseTraces.ts): the promises the SDK makes while a KmsKey
// registers its child resources are taken without frames, unless PULUMI_DEBUG_PROMISE_LEAKS asks for them (its leak
// report is their only reader); the program's own resources keep theirs, and so does every resource's recorded
// stack trace. Each case runs in a fresh Node.js process (the SDK reads the variable once, and so does the patch).
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as path from "path";

const repoRoot = path.join(__dirname, "..", "..");

/**
 * Frames of each promise trace the SDK takes while the program makes its own key (user), and while it makes a KmsKey:
 * for the KmsKey component itself (component: registered at the program's call, as any resource) and for its
 * children's (children: the key's, its aliases' and a grant's role policy, told by the type in the SDK's label); and the frames of the stack traces the SDK records for the KmsKey and its children.
 */
function traces(env: NodeJS.ProcessEnv): { user: number[]; component: number[]; children: number[]; stackTraces: { frames: number; switchFrames: number }[] } {
    const script = `
        const pulumi = require("@pulumi/pulumi");
        const calls = {
            "aws:index/getCallerIdentity:getCallerIdentity": { accountId: "123456789012", arn: "arn:aws:iam::123456789012:user/me", userId: "me" },
            "aws:index/getPartition:getPartition": { partition: "aws", dnsSuffix: "amazonaws.com" },
            "aws:index/getRegion:getRegion": { name: "us-east-1", region: "us-east-1" },
        };
        const stackTraces = [];
        const monitor = {
            newResource: (a) => ({ id: a.name + "-id", state: { ...a.inputs, arn: "arn:aws:kms:us-east-1:123456789012:key/" + a.name, keyId: a.name } }),
            call: (a) => calls[a.token],
        };
        pulumi.runtime.setMocks(monitor, "project", "stack", false);
        const debuggable = require("@pulumi/pulumi/runtime/debuggable");
        const take = debuggable.debuggablePromise;
        const seen = { user: [], component: [], children: [] };
        let phase;
        debuggable.debuggablePromise = function (p, ctx) {
            const result = take.apply(this, arguments);
            const frames = String(p._debugStackTrace).split("\\n").filter((l) => l.trim().startsWith("at ")).length;
            if (phase === "user") seen.user.push(frames);
            else if (phase === "kmsKey" && String(ctx).includes("[kmskey:index:KmsKey]")) seen.component.push(frames);
            else if (phase === "kmsKey" && ["[aws:kms/", "[aws:iam/"].some((t) => String(ctx).includes(t))) seen.children.push(frames);
            return result;
        };
        const aws = require("@pulumi/aws");
        const { KmsKey } = require("./provider");
        const Resource = pulumi.Resource;
        const callsites = Resource.callsites;
        Resource.callsites = function () { const c = callsites.apply(this, arguments); if (phase === "kmsKey") stackTraces.push({ frames: c.length, switchFrames: c.filter((f) => String(f.file).includes("promiseTraces")).length }); return c; };
        phase = "user"; new aws.kms.Key("mine", {}); phase = undefined;
        phase = "kmsKey";
        const key = new KmsKey("theirs", { alias: "theirs" });
        key.addAlias("theirs-too");
        key.grantDecrypt("arn:aws:iam::123456789012:role/app");
        phase = undefined;
        console.log(JSON.stringify({ ...seen, stackTraces }));
        setTimeout(() => process.exit(0), 200);
    `;
    const out = execFileSync(process.execPath, ["-e", script], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, ...env }, timeout: 60000 });
    return JSON.parse(out.trim().split("\n").pop()!);
}

describe("the SDK's promise stack traces", function () {
    this.timeout(120000);

    it("a KmsKey's children's registrations take them without frames; the program's own key, the KmsKey itself and the resources' recorded stack traces keep theirs", () => {
        const seen = traces({ PULUMI_DEBUG_PROMISE_LEAKS: "" });
        expect(seen.user.length).to.be.greaterThan(10);
        expect(Math.min(...seen.user)).to.be.greaterThan(0);
        expect(seen.component.length).to.be.greaterThan(0);
        expect(Math.min(...seen.component)).to.be.greaterThan(0);
        expect(seen.children.length).to.be.greaterThan(20); // the key's and the alias's properties, at least
        expect(Math.max(...seen.children)).to.equal(0);
        // The component, its key, its two aliases and the role policy: each with the full stack the SDK records.
        expect(seen.stackTraces.length).to.equal(5);
        expect(Math.min(...seen.stackTraces.map((t) => t.frames))).to.be.greaterThan(3);
        // The switch adds no frame of its own to them (they are serialized into every snapshot).
        expect(seen.stackTraces.map((t) => t.switchFrames)).to.deep.equal([0, 0, 0, 0, 0]);
    });

    it("with PULUMI_DEBUG_PROMISE_LEAKS set (the leak report prints them), a KmsKey's keep their frames", () => {
        const seen = traces({ PULUMI_DEBUG_PROMISE_LEAKS: "1" });
        expect(seen.children.length).to.be.greaterThan(20);
        expect(Math.min(...seen.children)).to.be.greaterThan(0);
    });
});
