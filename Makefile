# kiln - a terminal workbench for running code you do not trust.
# See README.md; `make run` and `make check` work on a fresh Debian machine.

PREFIX	?= /usr/local
DESTDIR	?=
BINDIR	 = $(PREFIX)/bin
DATADIR	 = $(PREFIX)/share/kiln
MANDIR	 = $(PREFIX)/share/man/man1
DOCDIR	 = $(PREFIX)/share/doc/kiln

CC	?= cc
PKGS	 = libseccomp libcap sqlite3 libpcre2-8 jansson
WARN	 = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	   -Wformat=2 -Wwrite-strings
CFLAGS	?= -O2 -g
KCFLAGS	 = -std=c11 $(WARN) $(CFLAGS) \
	   -DKILN_DATADIR='"$(DATADIR)"' \
	   $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libseccomp and libcap are linked statically when their archives exist:
# resolving their symbols at every start was a third of kiln's start-up.
STATIC	:= $(shell for l in seccomp cap; do $(CC) -print-file-name=lib$$l.a | \
	     grep -q / || exit 0; done; echo yes)
ifeq ($(STATIC),yes)
LIBS	 = -Wl,-Bstatic -lseccomp -lcap -Wl,-Bdynamic -lsqlite3 -lpcre2-8 -ljansson
else
LIBS	 = $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lseccomp -lcap -lsqlite3 -lpcre2-8 -ljansson)
endif

# The workbench: ncursesw for the screen, libtermkey for the keyboard.
UIPKGS	 = ncursesw termkey
UICFLAGS = $(shell pkg-config --cflags $(UIPKGS) 2>/dev/null)
UILIBS	 = $(shell pkg-config --libs $(UIPKGS) 2>/dev/null || echo -lncursesw -ltinfo -ltermkey)

ifeq ($(CI),true)
KCFLAGS	+= -Werror
endif

CORE	 = src/util.c src/ini.c src/config.c src/limits.c src/json.c src/sanitize.c src/outbuf.c \
	   src/loop.c src/lang.c src/monitor.c src/monitor-sock.c src/run.c src/sandbox.c \
	   src/sandbox-init.c src/sandbox-mount.c src/sandbox-seccomp.c \
	   src/sha256.c src/timeline.c src/history.c src/run-version.c \
	   src/diff.c src/analyze.c src/analyze-lex.c src/analyze-rules.c \
	   src/policy.c src/history-queue.c src/qclient.c
CMDS	 = src/cmd-run.c src/cmd-run-approve.c src/cmd-analyze.c src/cmd-history.c src/cmd-history-diff.c \
	   src/cmd-history-export.c src/cmd-langs.c src/cmd-queue.c \
	   src/serve.c src/serve-client.c src/main.c
UI	 = $(wildcard ui/*.c)
OBJDIR	?= build
UI_O	 = $(UI:ui/%.c=$(OBJDIR)/ui-%.o)
CORE_O	 = $(CORE:src/%.c=$(OBJDIR)/%.o)
CMDS_O	 = $(CMDS:src/%.c=$(OBJDIR)/%.o)
UNIT	 = $(wildcard tests/unit/test-*.c)
UNIT_B	 = $(UNIT:tests/unit/%.c=$(OBJDIR)/%)

.PHONY: all run check check-unit check-analyze check-e2e check-install deps asan bench install \
	clean

BIN	?= kiln

all: $(BIN)

$(BIN): $(CORE_O) $(UI_O) $(CMDS_O)
	$(CC) $(KCFLAGS) -o $@ $^ $(LIBS) $(UILIBS)

# The private headers are few and small: every object depends on them all.
HDRS	 = src/kiln.h src/history-int.h src/qclient.h src/serve.h

$(OBJDIR)/%.o: src/%.c $(HDRS) | $(OBJDIR)
	$(CC) $(KCFLAGS) -c -o $@ $<

$(OBJDIR)/main.o: src/main.c $(HDRS) ui/ui.h | $(OBJDIR)
	$(CC) $(KCFLAGS) $(UICFLAGS) -Isrc -Iui -c -o $@ $<

$(OBJDIR)/ui-%.o: ui/%.c ui/ui.h ui/hview.h $(HDRS) | $(OBJDIR)
	$(CC) $(KCFLAGS) $(UICFLAGS) -Isrc -c -o $@ $<

$(OBJDIR):
	mkdir -p $(OBJDIR)

# Tests link the workbench's objects as an archive: each test pulls in
# only the models it uses.
$(OBJDIR)/libui.a: $(UI_O)
	rm -f $@
	ar rcs $@ $(UI_O)

$(OBJDIR)/test-%: tests/unit/test-%.c $(CORE_O) $(OBJDIR)/libui.a src/kiln.h \
    ui/ui.h $(wildcard tests/unit/*.h) tests/oracle.h
	$(CC) $(KCFLAGS) $(UICFLAGS) -Isrc -Iui -o $@ $< $(OBJDIR)/libui.a \
	    $(CORE_O) $(LIBS) $(UILIBS) $(shell pkg-config --cflags --libs cmocka)

# Installs what is missing (as root), or says exactly what to install.
deps:
	@sh tests/deps.sh

run: deps
	@$(MAKE) --no-print-directory all
	./kiln share/examples/demo.py

check: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory check-unit check-analyze check-e2e \
	    check-install

check-unit: $(UNIT_B)
	@sh tests/unit/run.sh $(UNIT_B)

# The analyzer on its labelled corpus: risky programs reach their level,
# ordinary ones stay below the default ask_at.
check-analyze: $(BIN)
	@python3 tests/analyze/corpus.py --kiln $(CURDIR)/$(BIN)

check-install: all
	@sh tests/install-check.sh

check-e2e: $(BIN)
	@KILN=$(CURDIR)/$(BIN) sh tests/e2e/run.sh

# The unit and end-to-end tests again, built with ASan and UBSan. ASan's
# shadow memory and quarantine make kiln's own RSS several times larger, so
# the suites' bounds on it are raised for this build only (kiln serve's
# quarantine holds up to 256 MiB of the output it has freed).
ASAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	     -fno-sanitize-recover=all
asan: deps
	@KILN_RSS_MAX_KB=262144 KILN_SERVE_RSS_MAX_KB=524288 $(MAKE) --no-print-directory OBJDIR=build-asan \
	    BIN=kiln-asan CFLAGS="$(ASAN_FLAGS)" check-unit check-e2e

bench: deps
	@$(MAKE) --no-print-directory all
	@sh tests/bench/bench.sh

install: kiln
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(MANDIR)
	install -m 0755 kiln $(DESTDIR)$(BINDIR)/kiln
	cp -R share/. $(DESTDIR)$(DATADIR)/
	rm -f $(DESTDIR)$(DATADIR)/kiln.1
	cp -R themes $(DESTDIR)$(DATADIR)/
	install -m 0644 share/kiln.1 $(DESTDIR)$(MANDIR)/kiln.1
	sed 's|/usr/local/bin/kiln|$(BINDIR)/kiln|' share/systemd/kiln-serve.service \
	    >$(DESTDIR)$(DATADIR)/systemd/kiln-serve.service
	install -d $(DESTDIR)$(DOCDIR)
	install -m 0644 doc/queue-protocol.md $(DESTDIR)$(DOCDIR)/queue-protocol.md

clean:
	rm -rf build build-asan kiln kiln-asan

# libFuzzer targets for the parsers (needs clang): FUZZ_SECONDS per target.
.PHONY: fuzz
fuzz:
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS)
