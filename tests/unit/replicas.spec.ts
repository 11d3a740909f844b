// Multi-Region replicas in the policy core: replicaRegions (Region names, distinct, implying multiRegion), their
// placement against the primary (not its own Region, the same partition), and the admins' kms:ReplicateKey.
import { expect } from "chai";
import {
    ADMIN_ACTIONS, MULTI_REGION_ADMIN_ACTIONS, PolicyEnv, buildKeyPolicy, checkReplicaPlacement, checkReplicaRegions, partitionOfRegion,
    resolveKeyConfig,
} from "../../provider/src/policy";
import { rejects } from "../support/rejects";

const env: PolicyEnv = { accountId: "111122223333", partition: "aws", region: "us-east-1", callerArn: "arn:aws:sts::111122223333:assumed-role/Deployer/session" };
const ADMIN = "arn:aws:iam::111122223333:role/KeyAdmin";


describe("replicaRegions (multi-Region replicas)", () => {
    it("implies a multi-Region primary, and keeps the Regions in order", () => {
        expect(resolveKeyConfig({ replicaRegions: ["eu-west-1", "ap-southeast-2"] })).to.deep.include({ multiRegion: true, replicaRegions: ["eu-west-1", "ap-southeast-2"] });
        expect(resolveKeyConfig({ replicaRegions: ["eu-west-1"], multiRegion: true }).multiRegion).to.equal(true);
        expect(resolveKeyConfig({})).to.deep.include({ multiRegion: undefined, replicaRegions: [] });
        expect(resolveKeyConfig({ replicaRegions: [] })).to.deep.include({ multiRegion: undefined, replicaRegions: [] });
        expect(resolveKeyConfig({ multiRegion: false }).multiRegion).to.equal(false);
    });

    it("refuses multiRegion: false with replicas", () => {
        rejects(() => resolveKeyConfig({ multiRegion: false, replicaRegions: ["eu-west-1"] }), "multiRegion",
            "multiRegion: false, but replicaRegions [\"eu-west-1\"] needs a multi-Region primary key; leave multiRegion out (replicaRegions implies it) or set it to true");
    });

    it("takes AWS Region names of every partition", () => {
        const regions = ["eu-west-1", "us-gov-west-1", "cn-northwest-1", "us-iso-east-1", "us-isob-east-1", "eu-isoe-west-1", "us-isof-south-1", "eusc-de-east-1", "ap-southeast-5", "il-central-1"];
        expect(checkReplicaRegions(regions)).to.deep.equal(regions);
        expect(regions.map(partitionOfRegion)).to.deep.equal(["aws", "aws-us-gov", "aws-cn", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc", "aws", "aws"]);
        // A Region that does not exist yet but follows its partition's pattern is taken (new Regions keep opening).
        expect(checkReplicaRegions(["us-west-3", "mx-central-2"])).to.deep.equal(["us-west-3", "mx-central-2"]);
        expect(partitionOfRegion("xx-fake-1")).to.equal(undefined);
    });

    it("refuses what is not a Region name, and a Region given twice, naming the entry", () => {
        for (const bad of ["us-east-1a", "US-EAST-1", "us-EAST-1", "useast1", "us-east", "Ireland", "eu-west-0", " eu-west-1", "", 1, null, "xx-fake-1", "eusc-fr-east-1", "cn-north-1-x"]) {
            rejects(() => checkReplicaRegions(["eu-west-2", bad]), "replicaRegions[1]", "is not an AWS Region name; write it as KMS does");
        }
        rejects(() => checkReplicaRegions(["eu-west-1", "eu-west-2", "eu-west-1"]), "replicaRegions[2]", "replicaRegions[2]: 'eu-west-1' is already replicaRegions[0]; a key has at most one replica per Region");
        rejects(() => checkReplicaRegions("eu-west-1"), "replicaRegions", 'replicaRegions: expected a list of AWS Region names (e.g. ["eu-west-1"])');
        rejects(() => resolveKeyConfig({ replicaRegions: ["eu-west-1", "eu-west-1"] }), "replicaRegions[1]", "is already replicaRegions[0]");
    });

    it("refuses the primary's own Region and a Region of another partition", () => {
        expect(() => checkReplicaPlacement(["eu-west-1", "us-west-2"], env as { region: string; partition: string })).not.to.throw();
        rejects(() => checkReplicaPlacement(["eu-west-1", "us-east-1"], { region: "us-east-1", partition: "aws" }), "replicaRegions[1]",
            "replicaRegions[1]: 'us-east-1' is the primary key's own Region (the AWS provider's region); a replica must be in another Region");
        rejects(() => checkReplicaPlacement(["cn-north-1"], { region: "us-east-1", partition: "aws" }), "replicaRegions[0]",
            "replicaRegions[0]: 'cn-north-1' is in partition aws-cn, but the primary key is in aws; KMS replicates a multi-Region key only within its partition");
        expect(() => checkReplicaPlacement(["cn-northwest-1"], { region: "cn-north-1", partition: "aws-cn" })).not.to.throw();
    });

    it("gives the admins of a multi-Region key kms:ReplicateKey as well, and only them", () => {
        expect(MULTI_REGION_ADMIN_ACTIONS).to.deep.equal(["kms:ReplicateKey"]);
        const statementOf = (config: object) => buildKeyPolicy({ ...config, admins: [ADMIN], grants: [{ grantee: "444455556666", kind: "admin" }] }, env).document.Statement;
        const [, admin, grant] = statementOf(resolveKeyConfig({ replicaRegions: ["eu-west-1"] }));
        expect(admin.Action).to.deep.equal([...ADMIN_ACTIONS, "kms:ReplicateKey"]);
        expect(grant.Action, "the admin kind stays CDK's list").to.deep.equal([...ADMIN_ACTIONS]);
        expect(statementOf(resolveKeyConfig({ multiRegion: true }))[1].Action).to.deep.equal([...ADMIN_ACTIONS, "kms:ReplicateKey"]);
        expect(statementOf(resolveKeyConfig({}))[1].Action).to.deep.equal([...ADMIN_ACTIONS]);
    });

    it("builds a replica's policy for its Region where a statement depends on it (viaService)", () => {
        const input = { ...resolveKeyConfig({ replicaRegions: ["eu-west-1"] }), grants: [{ grantee: "*", kind: "decrypt", viaService: "s3" }] };
        const via = (e: PolicyEnv) => buildKeyPolicy(input, e).document.Statement[1].Condition!.StringEquals["kms:ViaService"];
        expect(via(env)).to.equal("s3.us-east-1.amazonaws.com");
        expect(via({ ...env, region: "eu-west-1", primaryRegion: "us-east-1" })).to.equal("s3.eu-west-1.amazonaws.com");
    });

    it("checks dnssec's Region against the primary's when building a replica's policy", () => {
        const input = { keySpec: "ECC_NIST_P256", keyUsage: "SIGN_VERIFY", dnssec: {} };
        expect(buildKeyPolicy(input, { ...env, region: "eu-west-1", primaryRegion: "us-east-1" }).document.Statement).to.have.length(3);
        rejects(() => buildKeyPolicy(input, { ...env, region: "us-east-1", primaryRegion: "eu-west-1" }), "dnssec", "this key would be created in 'eu-west-1'");
    });
});
