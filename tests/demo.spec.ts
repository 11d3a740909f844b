import { expect } from "chai";
import { execFileSync } from "child_process";
import * as path from "path";

describe("make demo", () => {
    it("synthesizes the example program offline and prints every resource and key policy", function () {
        this.timeout(120000);
        const root = path.join(__dirname, "..");
        const out = execFileSync(process.execPath, [require.resolve("ts-node/dist/bin"), "-P", "tests/tsconfig.json", "--transpile-only", "scripts/demo.ts"],
            { cwd: root, encoding: "utf8" });
        expect(out).to.contain("14 resources (2 KMS keys, 3 aliases, 4 IAM role policies)");
        expect(out).to.match(/orders-data:\n    Type: aws:kms\/key:Key\n    Options: \{parent: orders-data, retainOnDelete: true\}/);
        expect(out).to.match(/orders-signing:\n    Type: aws:kms\/key:Key\n    Options: \{parent: orders-signing, retainOnDelete: false\}/);
        expect(out).to.contain('"AWS": "arn:aws:iam::444455556666:root"');
        expect(out).to.contain('"kms:ResourceAliases": "alias/security/audit"');
        expect(out).to.contain('dataKeyAliases: ["alias/orders/data","alias/orders/data-v1"]');
    });
});
