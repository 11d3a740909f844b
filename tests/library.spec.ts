import { expect } from "chai";
import { execFileSync } from "child_process";
import * as path from "path";

const root = path.join(__dirname, "..");

describe('require("./provider") (the TypeScript library)', () => {
    it("exports KmsKey, ImportedKey, their types' enums and the errors, and starts nothing", () => {
        // A fresh process: it must exit by itself (no server listening) and print what it found.
        const out = execFileSync(process.execPath, ["-e", `
            const lib = require("./provider");
            // Listening servers or timers would keep a plugin-like process alive; stdio pipes are fine.
            const handles = process._getActiveHandles().filter((h) => !(h === process.stdout || h === process.stderr || h === process.stdin)).length;
            console.log(JSON.stringify({
                kmsKey: typeof lib.KmsKey, fromKeyArn: typeof lib.KmsKey.fromKeyArn, fromAliasName: typeof lib.KmsKey.fromAliasName,
                fromLookup: typeof lib.KmsKey.fromLookup, importedKey: typeof lib.ImportedKey, error: typeof lib.KmsKeyError,
                keySpec: lib.KeySpec.EccNistEdwards25519, keyUsage: lib.KeyUsage.KeyAgreement, grantKind: lib.GrantKind.VerifyMac,
                removal: lib.RemovalPolicy.Retain, adminActions: lib.ADMIN_ACTIONS.length, dummy: lib.DEFAULT_DUMMY_KEY_ID, handles,
            }));`], { cwd: root, encoding: "utf8", timeout: 30000 });
        expect(JSON.parse(out)).to.deep.equal({
            kmsKey: "function", fromKeyArn: "function", fromAliasName: "function", fromLookup: "function", importedKey: "function", error: "function",
            keySpec: "ECC_NIST_EDWARDS25519", keyUsage: "KEY_AGREEMENT", grantKind: "verifyMac", removal: "retain", adminActions: 14,
            dummy: "1234abcd-12ab-34cd-56ef-1234567890ab", handles: 0,
        });
    });
});
