// The pure policy core: plain data in, policy documents and validated settings out. No Pulumi in here.
export * from "./access";
export * from "./actions";
export * from "./aliases";
export * from "./arns";
export * from "./conditions";
export * from "./dnssec";
export * from "./document";
export * from "./errors";
export * from "./grammar";
export * from "./identityGrant";
export * from "./keyConfig";
export * from "./keyPolicy";
export * from "./kmsGrants";
export * from "./lockout";
export * from "./principals";
export * from "./regions";
export * from "./values";
