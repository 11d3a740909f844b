// Type-level check, compiled by `tsc --noEmit -p tests/tsconfig.json` (nothing runs it): the args of the aws-native
// backend's classes (provider/src/backends/awsNative.ts) are assignable to the real @pulumi/aws-native 1.79.0
// SDK's, with exactly the same property names, and its invoke results carry what the component reads. A renamed,
// missing or extra property, or a value type the SDK does not take, stops the type check.
import type { KeyArgs } from "@pulumi/aws-native/kms/key";
import type { AliasArgs } from "@pulumi/aws-native/kms/alias";
import type { ReplicaKeyArgs } from "@pulumi/aws-native/kms/replicaKey";
import type { RolePolicyArgs } from "@pulumi/aws-native/iam/rolePolicy";
import type { UserPolicyArgs } from "@pulumi/aws-native/iam/userPolicy";
import type { ProviderArgs } from "@pulumi/aws-native/provider";
import type { GetAccountIdResult } from "@pulumi/aws-native/getAccountId";
import type { GetPartitionResult } from "@pulumi/aws-native/getPartition";
import type { GetRegionResult } from "@pulumi/aws-native/getRegion";
import type { GetAliasResult } from "@pulumi/aws-native/kms/getAlias";
import type {
    NativeAccountId, NativeAliasArgs, NativeAliasResult, NativeKeyArgs, NativePartition, NativeProviderSetting, NativeRegion, NativeReplicaKeyArgs,
    NativeRolePolicyArgs, NativeUserPolicyArgs,
} from "../../provider/src/backends/awsNative";

/** true only if A is assignable to B. */
type Assignable<A, B> = [A] extends [B] ? true : false;
/** true only if the two key sets are equal. */
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
/** Compiles only for `true`. */
function check<T extends true>(): T | undefined { return undefined; }

check<Assignable<NativeKeyArgs, KeyArgs>>();
check<SameKeys<NativeKeyArgs, KeyArgs>>();
check<Assignable<NativeAliasArgs, AliasArgs>>();
check<SameKeys<NativeAliasArgs, AliasArgs>>();
check<Assignable<NativeReplicaKeyArgs, ReplicaKeyArgs>>();
check<SameKeys<NativeReplicaKeyArgs, ReplicaKeyArgs>>();
check<Assignable<NativeRolePolicyArgs, RolePolicyArgs>>();
check<SameKeys<NativeRolePolicyArgs, RolePolicyArgs>>();
check<Assignable<NativeUserPolicyArgs, UserPolicyArgs>>();
check<SameKeys<NativeUserPolicyArgs, UserPolicyArgs>>();
// Every setting the SDK's Provider takes, and no other, is inherited by a replica Region's provider.
check<Assignable<NativeProviderSetting, keyof ProviderArgs>>();
check<Assignable<keyof ProviderArgs, NativeProviderSetting>>();
// What the SDK's invokes return has what the component reads, of the same type.
check<Assignable<GetAccountIdResult, NativeAccountId>>();
check<Assignable<GetPartitionResult, NativePartition>>();
check<Assignable<GetRegionResult, NativeRegion>>();
check<Assignable<GetAliasResult, NativeAliasResult>>();
