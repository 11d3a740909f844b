// The KmsKey TypeScript library: require("./provider") from the repository root. No side effects.
export { KmsKey } from "./kmsKey";
export { ImportedKey, DEFAULT_DUMMY_KEY_ID, LookupOptions } from "./importedKey";
export { KeyBase } from "./keyBase";
export * from "./schemaTypes";
export { KmsKeyError, isKmsKeyError, ADMIN_ACTIONS, GRANT_ACTIONS, LEGACY_ROOT_ACTIONS, KeyConfig, PolicyDocument, Statement } from "./policy";
export * as policy from "./policy";
