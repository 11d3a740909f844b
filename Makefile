# KmsKey: `make demo` (the main job) and `make test` (every test). Each installs what it needs and is safe to rerun.
.DEFAULT_GOAL := help
SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(PATH)
MOCHA := mocha --config .mocharc.js

# Tests and build steps contributed by mk/*.mk fragments (toolchain, SDKs, ...) append to these.
EXTRA_TESTS :=
include $(wildcard mk/*.mk)

help:
	@echo "make demo    - synthesize the example program offline (mock AWS account 111122223333) and print every resource and key policy"
	@echo "make test    - install what is needed and run every test"
	@echo "make bench   - benchmarks (figures and ratios)"
	@echo "make build   - compile the provider and library into provider/bin"

NPM_STAMP := node_modules/.kmskey-install-stamp
$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@
install: $(NPM_STAMP)

# schema.json is the API's source of truth; provider/src/schemaTypes.ts is generated from it.
schema-types: $(NPM_STAMP)
	node scripts/gen-types.js

BUILD_STAMP := provider/bin/.build-stamp
$(BUILD_STAMP): $(NPM_STAMP) schema.json $(shell find provider/src -name '*.ts') provider/tsconfig.json
	node scripts/gen-types.js --check
	rm -rf provider/bin
	tsc -p provider/tsconfig.json
	@touch $@
build: $(BUILD_STAMP)

typecheck: $(BUILD_STAMP)
	tsc --noEmit -p tests/tsconfig.json

# tests/e2e and tests/sdk need the Pulumi toolchain, moto and the SDKs: mk/e2e.mk and mk/sdk.mk run them.
test-node: $(BUILD_STAMP) typecheck
	$(MOCHA) --ignore 'tests/e2e/**' --ignore 'tests/sdk/**' 'tests/**/*.spec.ts'

test: test-node $(EXTRA_TESTS)

demo: $(BUILD_STAMP)
	ts-node -P tests/tsconfig.json --transpile-only scripts/demo.ts

bench: $(BUILD_STAMP)
	TS_NODE_PROJECT=tests/tsconfig.json node -r ts-node/register/transpile-only bench/run.ts

clean:
	rm -rf provider/bin

.PHONY: help install schema-types build typecheck test-node test demo bench clean
