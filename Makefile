# l2o: reproduce "Training Stronger Baselines for Learning to Optimize" (NeurIPS 2020).
#   make reproduce                    the paper profile (GPU-sized); PROFILE=smoke|quick for less
#   make test                         every test, the end-to-end ones included
#   make stage STAGE=plot             rerun one stage; upstream results come from the cache
# Variables: PROFILE (paper), OUTDIR (.), RESUME (set to reuse finished tasks), ARGS (extra
# `l2o run` arguments, e.g. ARGS="-p eval_steps=500").

PROFILE ?= paper
OUTDIR  ?= .
ARGS    ?=
MVN     ?= mvn -B -q
L2O     := bin/l2o
DIST    := pipeline/target/l2o.jar
SOURCES := $(shell find environment mlflow tasks pipeline -path '*/src/main/*' -type f 2>/dev/null) \
           $(wildcard pom.xml */pom.xml pipeline/profiles/*.yaml)

.PHONY: help build reproduce test test-quick stage mlflow-server nextflow nextflow-export bench env clean distclean

help:
	@sed -n '2,7p' Makefile

build: $(DIST)

$(DIST): $(SOURCES)
	$(MVN) package -DskipTests
	@touch $(DIST)

reproduce: build
	$(L2O) run --profile $(PROFILE) --outdir $(OUTDIR) $(if $(RESUME),--resume) $(ARGS)

# The README's test command: unit, integration and end-to-end tests (real TF Java, real MLflow
# client against the embedded server, real Nextflow).
test:
	$(MVN) -Pall-tests verify

# The quick inner loop: skips tests tagged "slow".
test-quick:
	$(MVN) verify

stage: build
	@test -n "$(STAGE)" || { echo "usage: make stage STAGE=<fetch|train-baseline|train-curriculum|train-imitation|evaluate|plot>"; exit 2; }
	$(L2O) run --profile $(PROFILE) --outdir $(OUTDIR) --only $(STAGE) $(ARGS)

mlflow-server: build
	$(L2O) mlflow-server --store $(OUTDIR)/mlruns --port 5000

# The same pipeline under real Nextflow (offline, from Maven Central): NF_PROFILE=test by default.
NF_PROFILE ?= test
nextflow: build
	bin/nextflow run pipeline -profile $(NF_PROFILE) --outdir $(OUTDIR)/results-nextflow $(if $(RESUME),-resume) $(NF_ARGS)

nextflow-export: build
	$(L2O) export-nextflow --dir pipeline

bench: build
	$(L2O) bench --outdir $(OUTDIR)

env: build
	$(L2O) env

clean:
	$(MVN) clean
	rm -rf $(OUTDIR)/work .nextflow .nextflow.log*

distclean: clean
	rm -rf $(OUTDIR)/results $(OUTDIR)/mlruns $(OUTDIR)/.l2o
