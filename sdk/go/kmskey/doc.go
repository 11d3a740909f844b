// AWS KMS keys with the semantics AWS CDK users trust (default key policy, admins, grants, alias rules, spec/usage validation, waiting period, retain-by-default), for every Pulumi language.
package kmskey
