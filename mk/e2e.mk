# End-to-end tests (tests/e2e): the real pulumi CLI from .tools/bin (offline toolchain, mk/tools.mk), a moto
# server on a free loopback port (installed into the git-ignored .tools/moto-venv by scripts/e2e/setup-moto.sh)
# and the stand-in providers attached with PULUMI_DEBUG_PROVIDERS: aws (tests/support/fakeAwsProvider.ts) and, for the
# aws-native backend, aws-native (tests/support/fakeAwsNativeProvider.ts).
#   make test-e2e   build the tools, the provider and the moto venv if needed, then run tests/e2e/*.spec.ts
MOTO_STAMP := .tools/moto-venv/.moto-stamp

$(MOTO_STAMP): scripts/e2e/setup-moto.sh
	scripts/e2e/setup-moto.sh

moto: $(MOTO_STAMP)

# TOOLS_STAMP (mk/tools.mk), BUILD_STAMP (Makefile) and SDK_JAVA_INSTALLED (mk/sdk.mk: the Java SDK in the Maven
# repository the Java example uses) are defined after this fragment is read, so the prerequisites are expanded a
# second time, once every makefile has been read.
.SECONDEXPANSION:
test-e2e: $$(TOOLS_STAMP) $$(BUILD_STAMP) $$(MOTO_STAMP) $$(SDK_JAVA_INSTALLED)
	$(MOCHA) 'tests/e2e/*.spec.ts'

EXTRA_TESTS += test-e2e

.PHONY: moto test-e2e
