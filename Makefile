# KmsKey: `make demo` (the main job) and `make test` (every test). Each installs what it needs and is safe to rerun.
.DEFAULT_GOAL := help
SHELL := /bin/bash
# Two npm packages: the plugin (package.json: only what the plugin runs, so `npm install` in a clone, the way
# Pulumi installs a source plugin, stays lean) and the development tools (tests/package.json, installed into
# tests/node_modules). Code outside tests/ (bench/, scripts/) and `node -r ts-node/register` find those through
# NODE_PATH; .mocharc.js sets it too, for mocha run by hand.
DEV_MODULES := $(CURDIR)/tests/node_modules
export PATH := $(DEV_MODULES)/.bin:$(CURDIR)/node_modules/.bin:$(PATH)
export NODE_PATH := $(DEV_MODULES)
MOCHA := mocha --config .mocharc.js

# Tests and build steps contributed by mk/*.mk fragments (toolchain, SDKs, ...) append to these.
EXTRA_TESTS :=
include $(wildcard mk/*.mk)

help:
	@echo "make demo    - synthesize the example program offline (mock AWS account 111122223333) and print every resource and key policy"
	@echo "make test    - install what is needed and run every test"
	@echo "make bench   - benchmarks (figures and ratios)"
	@echo "make build   - compile the provider and library into provider/bin (what npm install does) and type-check them"
	@echo "make release-check - package.json, schema.json and the git tag agree (TAG=1: the tag v<version> is on HEAD)"

# `npm ci` at the root also runs the `prepare` build (scripts/prepare.js), as a plugin install does.
NPM_STAMP := node_modules/.kmskey-install-stamp
$(NPM_STAMP): package.json package-lock.json tests/package.json tests/package-lock.json
	npm ci --no-audit --no-fund
	cd tests && npm ci --no-audit --no-fund
	@touch $@
install: $(NPM_STAMP)

# schema.json is the API's source of truth; provider/src/schemaTypes.ts is generated from it.
schema-types: $(NPM_STAMP)
	node scripts/gen-types.js

# provider/bin is what a plugin install builds (scripts/prepare.js, npm's prepare); tsc only type-checks.
BUILD_STAMP := provider/bin/.build-stamp
$(BUILD_STAMP): $(NPM_STAMP) schema.json $(shell find provider/src -name '*.ts') provider/tsconfig.json scripts/prepare.js
	node scripts/gen-types.js --check
	tsc -p provider/tsconfig.json
	node scripts/prepare.js
	@touch $@
build: $(BUILD_STAMP)

typecheck: $(BUILD_STAMP)
	tsc --noEmit -p tests/tsconfig.json

# tests/e2e and tests/sdk need the Pulumi toolchain, moto and the SDKs: mk/e2e.mk and mk/sdk.mk run them.
test-node: $(BUILD_STAMP) typecheck
	$(MOCHA) --ignore 'tests/e2e/**' --ignore 'tests/sdk/**' 'tests/**/*.spec.ts'

# The versions a `pulumi package add github.com/<org>/kmskey@v<version>` sees agree (scripts/release-check.js);
# `make release-check TAG=1` after `git tag v<version>` also requires the tag on HEAD.
release-check:
	node scripts/release-check.js $(if $(TAG),--tag)

test: release-check test-node $(EXTRA_TESTS)

demo: $(BUILD_STAMP)
	ts-node -P tests/tsconfig.json --transpile-only scripts/demo.ts

bench: $(BUILD_STAMP)
	TS_NODE_PROJECT=tests/tsconfig.json node -r ts-node/register/transpile-only bench/run.ts

# Only the plugin's install (part of make bench): a fresh clone of HEAD installed as Pulumi does it.
bench-install: $(NPM_STAMP)
	TS_NODE_PROJECT=tests/tsconfig.json node -r ts-node/register/transpile-only bench/install.ts

clean:
	rm -rf provider/bin

.PHONY: help install schema-types build typecheck test-node release-check test demo bench bench-install clean
