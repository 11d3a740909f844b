# Generated SDKs (sdk/<lang>, committed) and their tests.
#
#   make gen-sdk     regenerate sdk/{nodejs,python,go,dotnet,java} from schema.json (pulumi package gen-sdk)
#   make test-sdk    (part of make test) the committed SDKs match a fresh generation; each SDK builds with its own
#                    toolchain and is tested under that language's Pulumi mocks; the examples type-check/compile.
#
# Everything installed or built here lives in the git-ignored .cache/sdk: a Python venv, the Maven repository, the
# compiled Node.js SDK and the YAML checker. Go modules go to the usual module cache. Each step is idempotent.
# The C# SDK (sdk/dotnet) is generated and drift-checked but not compiled: there is no .NET SDK here.

# mk/*.mk are included at the top of the Makefile, and this file before tools.mk, so the stamps those define are
# not known yet when these prerequisites are read: fall back to their paths.
SDK_TOOLS_STAMP := $(or $(TOOLS_STAMP),.tools/bin/.tools-stamp)
SDK_NPM_STAMP   := $(or $(NPM_STAMP),node_modules/.kmskey-install-stamp)

SDK_CACHE := .cache/sdk
SDK_VENV  := $(SDK_CACHE)/venv
SDK_PY    := $(SDK_VENV)/bin/python
SDK_GO    := GOTOOLCHAIN=local GOFLAGS=-buildvcs=false CGO_ENABLED=0 go
SDK_MVN   := mvn -B -ntp -Dstyle.color=never -Dmaven.repo.local=$(CURDIR)/$(SDK_CACHE)/m2
SDK_VERSION = $(shell python3 -c 'import json; print(json.load(open("schema.json"))["version"])')

gen-sdk: $(SDK_TOOLS_STAMP)
	scripts/sdk/gen.sh

# schema.json in the CLI's canonical rendering, which `pulumi package get-schema` prints (tests/e2e/getSchema.spec.ts
# checks it byte for byte): run after editing schema.json, then `make schema-types gen-sdk`.
schema-fmt: $(SDK_TOOLS_STAMP)
	. scripts/pulumi-env.sh && pulumi package get-schema ./schema.json > schema.json.tmp && mv schema.json.tmp schema.json

# --- drift: sdk/<lang> must be exactly what gen-sdk writes from schema.json ---------------------------------
test-sdk-gen: $(SDK_TOOLS_STAMP)
	scripts/sdk/gen.sh --check

# --- Node.js: tsc with the SDK's own tsconfig (deps from the root node_modules), then the mocha spec on the output
test-sdk-nodejs: $(SDK_NPM_STAMP)
	rm -rf $(SDK_CACHE)/nodejs && mkdir -p $(SDK_CACHE) && cp -R sdk/nodejs $(SDK_CACHE)/nodejs
	tsc -p $(SDK_CACHE)/nodejs/tsconfig.json
	cp sdk/nodejs/package.json $(SDK_CACHE)/nodejs/bin/   # utilities.ts reads ./package.json, as in a published build
	KMSKEY_NODEJS_SDK=$(SDK_CACHE)/nodejs/bin $(MOCHA) tests/sdk/sdk.spec.ts

# --- Python: a venv with pulumi from PyPI, pulumi_kmskey installed from a copy of sdk/python -------------------
SDK_VENV_STAMP := $(SDK_VENV)/.kmskey-stamp
$(SDK_VENV_STAMP): tests/sdk/python/requirements.txt
	rm -rf $(SDK_VENV)
	python3 -m venv $(SDK_VENV)
	$(SDK_PY) -m pip install -q --disable-pip-version-check -r tests/sdk/python/requirements.txt
	@touch $@

SDK_PY_STAMP := $(SDK_CACHE)/python-sdk.stamp
$(SDK_PY_STAMP): $(SDK_VENV_STAMP) $(shell find sdk/python -type f -not -path '*/__pycache__/*' 2>/dev/null)
	rm -rf $(SDK_CACHE)/build/python && mkdir -p $(SDK_CACHE)/build && cp -R sdk/python $(SDK_CACHE)/build/python
	$(SDK_PY) -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation --force-reinstall $(SDK_CACHE)/build/python
	$(SDK_PY) -c 'import pulumi_kmskey, sys; print("pulumi_kmskey", pulumi_kmskey.KeySpec.ECC_NIST_P256.value, "from", pulumi_kmskey.__file__)'
	@touch $@

test-sdk-python: $(SDK_PY_STAMP)
	PYTHONPYCACHEPREFIX=$(CURDIR)/$(SDK_CACHE)/pycache $(SDK_PY) -m py_compile examples/python/__main__.py
	$(SDK_PY) -m mypy --strict --cache-dir $(SDK_CACHE)/mypy examples/python/__main__.py
	cd tests/sdk/python && PYTHONDONTWRITEBYTECODE=1 $(CURDIR)/$(SDK_PY) -m pytest -q -p no:cacheprovider

# --- Go: build and vet the SDK module (sdk/go.mod), go test under mocks, the example builds, vets and runs -----
test-sdk-go:
	cd sdk && $(SDK_GO) build ./... && $(SDK_GO) vet ./...
	cd tests/sdk/go && $(SDK_GO) vet ./... && $(SDK_GO) test -v -count=1 ./...
	cd examples/go && $(SDK_GO) build -o $(CURDIR)/$(SDK_CACHE)/bin/kmskey-example-go . && $(SDK_GO) vet . && $(SDK_GO) test -v -count=1 .

# --- YAML: the example and the templates it must reject, through pulumi-yaml's type checker and schema.json ----
SDK_YAMLCHECK := $(SDK_CACHE)/bin/yamlcheck
$(SDK_YAMLCHECK): scripts/sdk/yamlcheck/main.go scripts/sdk/yamlcheck/go.mod scripts/sdk/yamlcheck/go.sum
	cd scripts/sdk/yamlcheck && $(SDK_GO) build -trimpath -tags osusergo,grpcnotrace -o $(CURDIR)/$@ .

test-sdk-yaml: $(SDK_YAMLCHECK)
	$(SDK_YAMLCHECK) -schema schema.json examples/yaml
	$(SDK_YAMLCHECK) -schema schema.json -expect-fail $(sort $(wildcard tests/sdk/yaml/*/))

# --- Java: Maven compiles sdk/java in place (tests/sdk/java/pom.xml), runs the JUnit test under com.pulumi.test
# mocks and installs com.kmskey:kmskey; then the example compiles against it -----------------------------------
SDK_JAVA_RES := $(SDK_CACHE)/java/resources/com/kmskey/kmskey
define sdk-java-resources
	mkdir -p $(SDK_JAVA_RES)
	printf '%s\n' '$(SDK_VERSION)' >$(SDK_JAVA_RES)/version.txt
	printf '{\n    "resource": true,\n    "name": "kmskey",\n    "version": "%s"\n}\n' '$(SDK_VERSION)' >$(SDK_JAVA_RES)/plugin.json
endef
test-sdk-java:
	$(sdk-java-resources)
	$(SDK_MVN) -f tests/sdk/java/pom.xml install
	@touch $(SDK_JAVA_INSTALLED)
	$(SDK_MVN) -q -Dkmskey.buildDir=$(CURDIR)/$(SDK_CACHE)/java/example-target -f examples/java/pom.xml compile

# com.kmskey:kmskey in the Maven repository (without running its tests) for the Java example's end-to-end test
# (mk/e2e.mk), when test-sdk-java has not installed the current one yet.
SDK_JAVA_INSTALLED := $(SDK_CACHE)/java-installed.stamp
$(SDK_JAVA_INSTALLED): schema.json tests/sdk/java/pom.xml $(shell find sdk/java -type f 2>/dev/null)
	$(sdk-java-resources)
	$(SDK_MVN) -q -DskipTests -f tests/sdk/java/pom.xml install
	@touch $@

test-sdk: test-sdk-gen test-sdk-nodejs test-sdk-python test-sdk-go test-sdk-yaml test-sdk-java

EXTRA_TESTS += test-sdk

.PHONY: gen-sdk schema-fmt test-sdk test-sdk-gen test-sdk-nodejs test-sdk-python test-sdk-go test-sdk-yaml test-sdk-java
