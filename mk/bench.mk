# `make bench` also runs the real-engine benchmark (bench/engine.ts): it needs the Pulumi toolchain
# (mk/tools.mk) and moto (mk/e2e.mk), defined in fragments read after this one, hence the second expansion.
# `make bench-engine` runs only that part.
.SECONDEXPANSION:
bench: $$(TOOLS_STAMP) $$(MOTO_STAMP)

bench-engine: $$(BUILD_STAMP) $$(TOOLS_STAMP) $$(MOTO_STAMP)
	TS_NODE_PROJECT=tests/tsconfig.json node -r ts-node/register/transpile-only bench/engine.ts

.PHONY: bench-engine
