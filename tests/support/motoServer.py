# moto_server (the local AWS emulator of the end-to-end tests) with one fix to its KMS ReplicateKey, then moto's
# own server main (same arguments as moto_server). Started by tests/support/moto.ts with the venv's python.
#
# moto's KmsBackend.replicate_key (moto/kms/models.py) makes the replica a shallow copy of the primary key, so the
# replica shares the primary's aliases, grants and multi-Region configuration dicts: an alias created for the
# primary then already "exists" in the replica's Region (CreateAlias there fails with AlreadyExistsException,
# DeleteAlias there deletes the primary's), and describing the replica flips the primary to MultiRegionKeyType
# REPLICA. In KMS each replica has aliases and grants of its own (they are not shared properties of multi-Region
# keys). The fix gives the replica its own, empty, aliases and grants and its own copy of the configuration; it
# adds nothing moto does not do otherwise (ReplicateKey still ignores Policy, Description and Tags: see
# replicaResource in tests/support/fakeAwsProvider.ts).
import copy
import sys

from moto.kms import models

_replicate_key = models.KmsBackend.replicate_key


def replicate_key(self, key_id, replica_region):
    replica = _replicate_key(self, key_id, replica_region)
    replica.aliases = {}
    replica.grants = {}
    replica.multi_region_configuration = copy.deepcopy(replica.multi_region_configuration)
    return replica


models.KmsBackend.replicate_key = replicate_key

if __name__ == "__main__":
    from moto.server import main

    sys.exit(main())
