# Build, check, serve, test and publish the site. Run `make help` for the list.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PELICAN := $(BIN)/pelican
OUTPUTDIR ?= output
PUBLISHDIR ?= public
PORT ?= 8000
CONF ?= pelicanconf.py
PUBLISHCONF ?= publishconf.py

# rsync_upload target (see README); set these in the environment or on the command line.
SSH_HOST ?=
SSH_PORT ?= 22
SSH_USER ?=
SSH_TARGET_DIR ?=

.PHONY: help install html serve devserver edit check geocode export import progress-template settings-table test browser bench lighthouse publish region region-open-sites region-shards region-merge bench-region rsync_upload clean

help:
	@echo "make serve       构建示例网站并在 http://localhost:$(PORT) 上预览"
	@echo "make check       只检查设置、数据、常见问题和日通报文件，列出所有错误（STRICT=1：有警告也不通过）"
	@echo "make geocode     按地址查出没有坐标的接种点和村的坐标（联网），写入 geocoded.yaml"
	@echo "make export      把接种点导出成表格 接种点.xlsx，可以用 WPS 或 Excel 修改"
	@echo "make import FROM=接种点.xlsx  把改好的表格写回 sites.yaml（先全部检查；ALLOW_REMOVE=1 才会删除接种点）"
	@echo "make progress-template  生成下一天的日通报空表（progress/日期.csv；FORMAT=xlsx 生成表格）"
	@echo "make html        构建网站到 $(OUTPUTDIR)/"
	@echo "make devserver   修改文件后自动重新构建"
	@echo "make edit        在浏览器里编辑常见问题、名词解释、告家长书等页面（打开显示的地址；要装 Node.js）"
	@echo "make test        安装测试所需的一切并运行全部测试"
	@echo "make bench SCALE=province  基准测试（county、province、nation）"
	@echo "make publish     用 publishconf.py 构建到新文件夹，检查通过后才替换 $(PUBLISHDIR)（PUBLISH_SITEURL=正式网址）"
	@echo "make -j region   构建由各县网站拼成的全市网站（REGION=region.yaml，输出到 $(REGION_OUT)/；见 docs/编辑指南.md 第十四节）"
	@echo "make region-shard-县编号 region-merge  只重新构建一个县，再合并"
	@echo "make clean       删除构建结果和缓存（cache/）"

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements-test.txt $(VENV)/.installed
	$(BIN)/python -m pip install -q -r requirements-test.txt
	touch $@

install: $(VENV)/.installed

check: install
	PYTHONPATH=plugins $(BIN)/python -m check $(CONF) $(if $(STRICT),--strict)

geocode: install
	PYTHONPATH=plugins $(BIN)/python -m county.geocode $(CONF)

# The sites as a workbook for WPS or Excel, and back (plugins/workbook/).
export: install
	PYTHONPATH=plugins $(BIN)/python -m workbook.export $(CONF) $(TO)

import: install
	@test -n "$(FROM)" || { echo "请写明要导入的表格，如：make import FROM=接种点.xlsx"; exit 2; }
	PYTHONPATH=plugins $(BIN)/python -m workbook.importer $(CONF) "$(FROM)" $(if $(filter-out 0,$(ALLOW_REMOVE)),--allow-remove)

# The README's table of settings, made from plugins/framework/defaults.py (a test checks they agree).
settings-table: install
	PYTHONPATH=plugins $(BIN)/python -m framework.settings_table README.md

progress-template: install
	PYTHONPATH=plugins $(BIN)/python -m progress.blank_report $(CONF) $(if $(filter xlsx,$(FORMAT)),--xlsx)

html: install
	$(PELICAN) -s $(CONF) -o $(OUTPUTDIR)

serve: html
	@echo "预览地址：http://localhost:$(PORT)/  （按 Ctrl-C 停止）"
	$(PELICAN) --listen -b 127.0.0.1 -p $(PORT) -s $(CONF) -o $(OUTPUTDIR)

# Pelican's autoreload and server (plugins/framework/devserver.py: a build that stopped on a mistake
# waits for the next change instead of rebuilding every two seconds).
devserver: install
	PYTHONPATH=plugins $(BIN)/python -m framework.devserver --autoreload --listen -b 127.0.0.1 -p $(PORT) -s $(CONF) -o $(OUTPUTDIR) -e DEVSERVER=true

# The web editor's backend (Decap CMS's decap-server, a Node program) from the npm registry, at the
# versions tools/decap-server/package-lock.json pins with their checksums. Node and npm: Debian's
# (apt-get install nodejs npm) or any Node 18 or newer.
DECAP_SERVER := tools/decap-server/node_modules/decap-server/dist/index.js
$(DECAP_SERVER): tools/decap-server/package-lock.json
	@command -v npm >/dev/null || { echo "网页编辑器要用 Node.js 和 npm，请先安装：sudo apt-get install nodejs npm"; exit 1; }
	npm ci --silent --no-audit --no-fund --prefix tools/decap-server
	touch $@

# The preview server and the editor's backend together; Ctrl-C stops both (plugins/editor/serve.py).
EDIT_BACKEND_PORT ?= 8081
edit: install $(DECAP_SERVER)
	@PYTHONPATH=plugins $(BIN)/python -m editor.serve -s $(CONF) -o $(OUTPUTDIR) --port $(PORT) --backend-port $(EDIT_BACKEND_PORT)

# Test tools from the npm registry: the W3C Nu HTML Checker (it runs on Debian's Java) and acorn,
# the JavaScript parser that checks every script we serve reads as ES5 (tests/test_layout.py).
TEST_TOOLS := tests/.tools/installed-vnu-26.9.27-acorn-8.15.0
$(TEST_TOOLS):
	npm install --silent --no-audit --no-fund --prefix tests/.tools vnu-jar@26.9.27 acorn@8.15.0
	touch $@

# Chromium for the browser tests comes from Debian, never from a browser download.
browser:
	@bash tests/install-browser.sh

# Both cores: a test file per worker, so a file's fixtures (a built site, a server) are made once.
TEST_WORKERS ?= 2
test: $(VENV)/.installed-test browser $(TEST_TOOLS) $(DECAP_SERVER)
	$(BIN)/python -m pytest tests -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

SCALE ?= county
$(VENV)/.installed-bench: requirements-bench.txt $(VENV)/.installed-test
	$(BIN)/python -m pip install -q -r requirements-bench.txt
	touch $@

# Figures, not tests: see benchmarks/README.md. SCALE=county|province|nation; BENCH_ARGS=--no-rebuilds skips the rebuilds.
bench: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/run.py $(SCALE) $(BENCH_ARGS)

# The region benchmark: the synthetic province split into counties, built with make -j2 region.
bench-region: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/region.py $(SCALE) $(COUNTIES)

# Lighthouse 13 from the npm registry, run on Debian's Chromium: every page kind in every display mode.
LIGHTHOUSE := benchmarks/.tools/node_modules/lighthouse/cli/index.js
$(LIGHTHOUSE):
	npm install --silent --no-audit --no-fund --prefix benchmarks/.tools lighthouse@13.5.0

lighthouse: $(VENV)/.installed-bench browser $(LIGHTHOUSE)
	$(BIN)/python benchmarks/lighthouse.py $(RUNS)

# Build into a fresh folder, check it, then swap it in with one rename ($(PUBLISHDIR) is a link).
publish: install
	PUBLISH_SITEURL="$(PUBLISH_SITEURL)" PUBLISH_RELATIVE_ONLY="$(PUBLISH_RELATIVE_ONLY)" \
		PYTHONPATH=plugins $(BIN)/python -m publish.release $(PUBLISHCONF) $(PUBLISHDIR)

# A region (a city or province) built from its counties' own sites (plugins/region/): each county is a
# shard, built in its own process with its own cache, so `make -j region` runs them on every core; a
# CI system runs the same per-shard command as the jobs of a matrix (deploy/region-ci.example.yml).
# A county that fails keeps its last good shard; the merge reports it and publishes the rest.
REGION ?= examples/region/region.yaml
REGION_OUT ?= public-region
REGION_CACHE ?= cache/region
REGION_COUNTIES = $(shell PYTHONPATH=plugins $(BIN)/python -m region.config $(REGION) 2>/dev/null)
# Every county's open sites, from its data, for its neighbours' nearest-site tables (region/open_sites.py).
region-open-sites: install
	PYTHONPATH=plugins $(BIN)/python -m region.open_sites $(REGION) $(REGION_CACHE)

region-shard-%: install
	-PYTHONPATH=plugins $(BIN)/python -m region.shard $(REGION) $* $(REGION_OUT) $(REGION_CACHE)

region-merge: install
	PYTHONPATH=plugins $(BIN)/python -m region.publish $(REGION) $(REGION_OUT)

# The counties are listed once the tools are installed (a fresh clone has none yet), by a second make
# that shares this one's -j.
region: install
	@$(MAKE) --no-print-directory region-open-sites
	@$(MAKE) --no-print-directory region-shards
	@$(MAKE) --no-print-directory region-merge

region-shards: $(addprefix region-shard-,$(REGION_COUNTIES))

rsync_upload: publish
	@test -n "$(SSH_HOST)" -a -n "$(SSH_TARGET_DIR)" || { echo "请设置 SSH_HOST 和 SSH_TARGET_DIR"; exit 1; }
	rsync -e "ssh -p $(SSH_PORT)" -P -rvzc --include tags --cvs-exclude --delete \
		"$(PUBLISHDIR)/" "$(if $(SSH_USER),$(SSH_USER)@)$(SSH_HOST):$(SSH_TARGET_DIR)"

clean:
	rm -rf $(OUTPUTDIR) cache
