import { expect } from "chai";
import { KmsKeyError, normalizeAliasName, normalizeAliasNames } from "../../provider/src/policy";

function rejects(fn: () => unknown, property: string, message: string) {
    expect(fn).to.throw(KmsKeyError, message).with.property("property", property);
}

describe("alias names", () => {
    it("prepends alias/ when missing, case-sensitively (as CDK)", () => {
        expect(normalizeAliasName("data", "alias")).to.equal("alias/data");
        expect(normalizeAliasName("alias/data", "alias")).to.equal("alias/data");
        expect(normalizeAliasName("ALIAS/data", "alias")).to.equal("alias/ALIAS/data");
        expect(normalizeAliasName("team/app:prod_1-x", "alias")).to.equal("alias/team/app:prod_1-x");
    });
    it("rejects an empty name with CDK's message", () => {
        rejects(() => normalizeAliasName("", "alias"), "alias", 'Alias must include a value after "alias/": alias/ (alias)');
        rejects(() => normalizeAliasName("alias/", "aliases[0]"), "aliases[0]", 'Alias must include a value after "alias/": alias/ (aliases[0])');
    });
    it("rejects the reserved alias/aws/ prefix in any case", () => {
        rejects(() => normalizeAliasName("aws/foo", "alias"), "alias", "Alias cannot start with alias/aws/: alias/aws/foo");
        rejects(() => normalizeAliasName("alias/AWS/foo", "alias"), "alias", "Alias cannot start with alias/aws/: alias/AWS/foo");
    });
    it("rejects characters outside a-zA-Z0-9:/_-", () => {
        for (const bad of ["my alias", "a.b", "ä", "x*"]) {
            rejects(() => normalizeAliasName(bad, "alias"), "alias", "Alias name must be between 1 and 256 characters in a-zA-Z0-9:/_-");
        }
    });
    it("counts the 256-character limit on the full name", () => {
        expect(normalizeAliasName("a".repeat(250), "alias")).to.have.length(256);
        rejects(() => normalizeAliasName("a".repeat(251), "alias"), "alias", '"alias/' + "a".repeat(251) + '" has 257 characters');
    });
    it("rejects a non-string name", () => {
        rejects(() => normalizeAliasName(42, "aliases[1]"), "aliases[1]", "aliases[1]: an alias name must be a string, got 42");
    });
    it("orders alias before aliases and refuses a name given twice (CDK would emit two aliases)", () => {
        expect(normalizeAliasNames("a", ["b", "alias/c"])).to.deep.equal(["alias/a", "alias/b", "alias/c"]);
        rejects(() => normalizeAliasNames("dup", ["alias/dup"]), "aliases[0]", "aliases[0]: alias alias/dup is already given by alias; each alias name may appear once");
        rejects(() => normalizeAliasNames(undefined, ["x", "y", "x"]), "aliases[2]", "alias alias/x is already given by aliases[0]");
    });
    it("rejects aliases that are not a list", () => {
        rejects(() => normalizeAliasNames(undefined, "x"), "aliases", "aliases: expected a list of alias names, got 'x'");
    });
});
