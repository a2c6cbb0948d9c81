# Quarry's build. `make run` and `make test` are all a fresh Debian/Ubuntu machine with Rust and
# Node needs: both start with an idempotent setup (.ci/setup.sh).

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := run

export QUARRY_CACHE ?= $(HOME)/.cache/quarry
export CARGO_TARGET_DIR ?= $(CURDIR)/target
export CARGO_TERM_COLOR ?= never

# DuckDB's C++ goes through ccache (setup installs it; every cargo target runs setup first): a
# rebuild of libduckdb-sys then takes minutes, not most of an hour. The compiler must be the same
# for every build, or cargo reruns DuckDB's build script.
export CC := /usr/lib/ccache/gcc
export CXX := /usr/lib/ccache/g++
export CCACHE_DIR ?= $(QUARRY_CACHE)/ccache

# Every cargo command selects the same packages, targets and features. Cargo unifies the
# features of build-time dependencies (syn, serde, …) over what it builds, and libduckdb-sys's
# build script depends on them: another selection means another 50-minute DuckDB build.
# custom-protocol makes the app load its bundled UI instead of the dev server.
CARGO_SELECTION := --workspace --all-targets --features tauri/custom-protocol
APP := $(CARGO_TARGET_DIR)/debug/quarry-desktop
TAURI_DRIVER := $(QUARRY_CACHE)/tools/bin/tauri-driver
UI_SOURCES := $(shell find ui/src ui/index.html ui/vite.config.ts ui/package-lock.json -type f 2>/dev/null)

# A virtual display for the real WebKit window; .ci/with-keyring gives it a session bus with a
# throwaway Secret Service (the sign-in test keeps its refresh token there).
HEADLESS := NO_AT_BRIDGE=1 WEBKIT_DISABLE_COMPOSITING_MODE=1 xvfb-run -a -s "-screen 0 1400x900x24" .ci/with-keyring

.PHONY: setup setup-test run app ui test lint fmt-check clippy rust-test ui-check e2e bench gallery deb clean prune-target

setup:
	@.ci/setup.sh

setup-test:
	@.ci/setup.sh --test

ui/dist/index.html: $(UI_SOURCES)
	cd ui && npm run build

ui: ui/dist/index.html

app: setup ui
	cargo build $(CARGO_SELECTION)

## Build and open the app on the sample workspace (created on first launch).
run: app
	$(APP)

## Every gate: formatting, lints, Rust tests, UI checks and the end-to-end suite.
test: setup-test lint rust-test ui-check e2e
	@echo "make test: all gates passed"

lint: fmt-check clippy
	cd ui && npx tsc --noEmit && npx eslint --max-warnings 0 .

fmt-check:
	cargo fmt --all -- --check

clippy: setup ui
	cargo clippy $(CARGO_SELECTION) -- -D warnings

# End-to-end tests are named e2e_*: skipped here, run by `make e2e`. crates/auth's tests need a
# throwaway Secret Service (.ci/with-keyring) and the npm test provider (setup-test).
rust-test: setup-test ui
	.ci/with-keyring cargo test $(CARGO_SELECTION) -- --skip e2e_

ui-check: setup
	cd ui && npx vitest run

## End-to-end: the built app under Xvfb, driven by tauri-driver + WebKitWebDriver.
e2e: setup-test app
	QUARRY_APP=$(APP) TAURI_DRIVER=$(TAURI_DRIVER) $(HEADLESS) \
	  cargo test $(CARGO_SELECTION) -- e2e_ --test-threads=1

## Benchmarks: the same packages and features as the tests, in the dev profile, whose DuckDB is
## already built with -O3 and NDEBUG; a release profile would compile DuckDB a second time.
bench: setup-test app
	QUARRY_APP=$(APP) QUARRY_BASELINE_APP=$(CARGO_TARGET_DIR)/debug/quarry-startup-baseline \
	  TAURI_DRIVER=$(TAURI_DRIVER) $(HEADLESS) \
	  cargo bench --workspace --benches --features tauri/custom-protocol --profile dev

## The README's chart gallery: every example in examples/charts drawn to docs/gallery/ by the CLI
## over a fresh 100,000-row sample workspace.
gallery: app
	rm -rf "$(CARGO_TARGET_DIR)/gallery-ws" && mkdir -p docs/gallery
	$(CARGO_TARGET_DIR)/debug/quarry --workspace "$(CARGO_TARGET_DIR)/gallery-ws" init --sample-rows 100000
	for spec in examples/charts/*.json; do \
	  $(CARGO_TARGET_DIR)/debug/quarry --workspace "$(CARGO_TARGET_DIR)/gallery-ws" chart "$$spec" \
	    --width 480 --height 300 --png "docs/gallery/$$(basename "$$spec" .json).png"; \
	done

## A Debian package via the Tauri bundler (release build).
deb: setup
	cd ui && npm run tauri -- build --bundles deb

## Removes build outputs the gates no longer use from the target dir (.ci/run does this after
## every run; see docs/ci.md).
prune-target:
	.ci/prune-target

clean:
	cargo clean
	rm -rf ui/dist
