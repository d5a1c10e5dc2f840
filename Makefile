# goiso: one non-recursive GNU Makefile.
#
#   make          build goiso-display and goiso-caller (release flags) in build/
#   make deps     install the Debian packages goiso needs (only those missing)
#   make check    ASan/UBSan build, then every unit and integration test
#   make demo     run the display with six simulated counters on embedded defaults
#   make bench    the machine's floors, then every benchmark beside them (BENCH_RUNS=5)
#   make mutate   plant each bug of tests/mutations.txt; exits non-zero on a survivor
#   make soak     a compressed week of a busy center with its faults (root)
#   make install  programs, clips, man pages, units (PREFIX=/usr/local, DESTDIR)
#   make deb      build/goiso_<version>_amd64.deb; make deb-test installs it in
#                 a scratch Debian 12 root (slow, not part of make check)
#   V=1           show the commands
#
# Sources are found by wildcard: a new module is a new .c file in its room,
# a new unit test a new tests/test_*.c, a new integration test a new
# tests/it_*.c or tests/it_*.sh. Nothing here needs editing for either.

DEBS = build-essential pkg-config libsdl2-dev libsdl2-ttf-dev libpulse-dev \
       libavahi-client-dev libsqlite3-dev libsodium-dev libfontconfig-dev \
       fonts-noto-core fonts-dejavu-core espeak-ng sox pulseaudio \
       pulseaudio-utils avahi-daemon avahi-utils dbus xvfb iproute2 \
       python3 procps
PKGS = sdl2 SDL2_ttf libpulse libpulse-simple avahi-client sqlite3 libsodium fontconfig
# The voice's loudness (EBU R128).
DEBS += libebur128-dev
PKGS += libebur128
# goiso-report's XLSX output
DEBS += libxlsxwriter-dev
PKGS += xlsxwriter
# The web gateway (display/web/) and its tests in a real browser.
DEBS += libmicrohttpd-dev chromium
PKGS += libmicrohttpd

CC      ?= cc
OPT     ?= -O2
WARN     = -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wno-missing-field-initializers
SAN     = -fsanitize=address,undefined -fno-omit-frame-pointer \
          -fno-sanitize-recover=undefined

ifeq ($(V),1)
Q =
else
Q = @
endif

# shared/ serves every program. Its modules are pure (no I/O, no clock, no
# SDL/Pulse/Avahi/SQLite/libsodium header: `make purity`, run by `make
# check`, fails otherwise) except the impure ones named here, which compile
# against these libraries.
SHARED_SRC    = $(wildcard shared/*.c)
SHARED_IMPURE = args auth paircode session sock clock file font textcache avahi_state
SHARED_PURE   = $(filter-out $(patsubst %,shared/%.c,$(SHARED_IMPURE)),$(SHARED_SRC))
SHARED_PKGS   = sdl2 SDL2_ttf fontconfig libsodium avahi-client

# The programs: one block each. DIR holds the program's own sources and its
# main (MAIN, left out of the test binaries); SRC is everything it links; INC
# the folders its own sources may include from (so caller/ cannot include a
# display/ header by accident); PKGS its pkg-config libraries. A new program
# is one more block like these.
# The display links the caller's link, discovery and pairing for its
# follower mode (--follow, --counter: a client of another display).
PROGRAMS += goiso-display
goiso-display_DIR  = display
goiso-display_MAIN = display/main.c
goiso-display_SRC  = $(wildcard display/*.c) caller/link.c caller/client.c caller/discover.c \
                     caller/pair.c $(SHARED_SRC)
goiso-display_INC  = display caller shared
goiso-display_PKGS = sdl2 SDL2_ttf libpulse libpulse-simple avahi-client sqlite3 libsodium fontconfig \
                     libebur128

PROGRAMS += goiso-caller
goiso-caller_DIR  = caller
goiso-caller_MAIN = caller/main.c
goiso-caller_SRC  = $(wildcard caller/*.c) $(SHARED_SRC)
goiso-caller_INC  = caller shared
goiso-caller_PKGS = sdl2 SDL2_ttf avahi-client libsodium fontconfig

# The director's report, also a library the web gateway links (REPORT_SRC).
PROGRAMS += goiso-report
goiso-report_DIR  = display/report
goiso-report_MAIN = display/report/main.c
REPORT_SRC         = $(filter-out display/report/main.c,$(wildcard display/report/*.c))
goiso-report_SRC  = display/report/main.c $(REPORT_SRC) shared/args.c shared/config.c shared/file.c shared/png.c \
                    shared/vname.c shared/engine.c shared/vec.c
goiso-report_INC  = display/report shared
goiso-report_PKGS = sqlite3 xlsxwriter

# The web gateway: its own room, its pages compiled in (build/gen), and
# the display's loop, mDNS and voice modules, the caller's link, the
# report library.
PROGRAMS += goiso-web
goiso-web_DIR  = display/web
goiso-web_MAIN = display/web/main.c
goiso-web_SRC  = $(wildcard display/web/*.c) build/gen/web_assets.c display/loop.c \
                 display/avahi_poll.c display/mdns.c display/voice.c display/voice_queue.c \
                 display/voice_level.c display/voice_files.c display/sink.c display/feed.c \
                 display/listener.c \
                 caller/link.c caller/client.c $(REPORT_SRC) $(SHARED_SRC)
goiso-web_INC  = display/web display display/report caller shared
goiso-web_PKGS = libmicrohttpd libpulse libpulse-simple avahi-client libsodium sdl2 SDL2_ttf fontconfig \
                 sqlite3 xlsxwriter libebur128
CPPFLAGS_build/gen = -D_GNU_SOURCE -Idisplay/web

PROGRAMS += goiso-kiosk
goiso-kiosk_DIR  = caller/kiosk
goiso-kiosk_MAIN = caller/kiosk/main.c
goiso-kiosk_SRC  = $(wildcard caller/kiosk/*.c) caller/link.c caller/client.c caller/discover.c \
                   caller/pair.c $(SHARED_SRC)
goiso-kiosk_INC  = caller/kiosk caller shared
goiso-kiosk_PKGS = sdl2 SDL2_ttf avahi-client libsodium fontconfig libqrencode
goiso-kiosk_LIBS = -lcups
DEBS += libqrencode-dev libcups2-dev zbar-tools
PKGS += libqrencode
EXTRA_LIBS += -lcups

# (New program blocks go above this line: what follows is computed from them.)

# The test binaries link every program's sources but their mains, and may
# include from every program's folders.
LIB_SRC   = $(sort $(foreach p,$(PROGRAMS),$(filter-out $($(p)_MAIN),$($(p)_SRC))))
TEST_INC  = tests $(sort $(foreach p,$(PROGRAMS),$($(p)_INC)))
UNIT_SRC  = $(wildcard tests/test_*.c)
IT_SRC    = $(wildcard tests/it_*.c)
BENCH_SRC = $(wildcard tests/bench_*.c)
LIBS      = $(shell pkg-config --libs $(PKGS) 2>/dev/null) $(EXTRA_LIBS) -lpthread -lm

# The include folders and the pkg-config cflags of an object, by its folder:
# a program's folder gets its program's, shared/ and tests/ their own.
$(foreach p,$(PROGRAMS),$(eval INC_$($(p)_DIR) = $($(p)_INC))$(eval PKGS_$($(p)_DIR) = $($(p)_PKGS)))
INC_shared  = shared
PKGS_shared = $(SHARED_PKGS)
INC_tests   = $(TEST_INC)
PKGS_tests  = $(PKGS)
ROOMS = shared tests $(foreach p,$(PROGRAMS),$($(p)_DIR))
$(foreach r,$(ROOMS),$(eval CPPFLAGS_$(r) := -D_GNU_SOURCE $(addprefix -I,$(INC_$(r))) \
    $(shell pkg-config --cflags $(PKGS_$(r)) 2>/dev/null)))
cppflags = $(CPPFLAGS_$(patsubst %/,%,$(dir $(1))))

# $(call objs,BUILDDIR,SOURCES)
objs = $(patsubst %.c,$(1)/%.o,$(2))

.PHONY: all deps check demo bench soak voice clean fuzz
all: $(addprefix build/rel/,$(PROGRAMS)) voice

# $(call program,BUILDDIR,FLAGS,PROGRAM)
define program
$(1)/$(3): $(call objs,$(1),$($(3)_SRC))
	$$(if $$(Q),@echo "  LD    $$@")
	$(Q)$$(CC) $(2) -o $$@ $$^ $$(shell pkg-config --libs $($(3)_PKGS) 2>/dev/null) $($(3)_LIBS) -lpthread -lm $$(LDFLAGS)
endef

define variant
$(1)/%.o: %.c | deps-ok
	@mkdir -p $$(dir $$@)
	$$(if $$(Q),@echo "  CC    $$@")
	$(Q)$$(CC) $$(WARN) $(2) $$(call cppflags,$$<) $$(CFLAGS) -MMD -MP -c $$< -o $$@

$(1)/unit-tests: $(call objs,$(1),tests/harness.c tests/golden.c tests/sound.c tests/yeargen.c tests/reportday.c tests/commitwait.c $(UNIT_SRC) $(LIB_SRC))
	$$(if $$(Q),@echo "  LD    $$@")
	$(Q)$$(CC) $(2) -o $$@ $$^ $$(LIBS) $$(LDFLAGS)

$(1)/it-tests: $(call objs,$(1),tests/harness.c tests/golden.c tests/daemon.c tests/frameshot.c tests/gateway.c tests/sound.c tests/fakeprinter.c tests/yeargen.c $(IT_SRC) $(LIB_SRC))
	$$(if $$(Q),@echo "  LD    $$@")
	$(Q)$$(CC) $(2) -o $$@ $$^ $$(LIBS) $$(LDFLAGS)

# Preloaded into a daemon to count its fsyncs (tests/synccount.c): not
# sanitized, it only counts.
$(1)/libgoiso-syncs.so: tests/synccount.c
	@mkdir -p $$(dir $$@)
	$$(if $$(Q),@echo "  LD    $$@")
	$(Q)$$(CC) $$(WARN) -O2 -fPIC -shared -o $$@ $$< -ldl -lpthread

$(1)/goiso-bench: $(call objs,$(1),tests/harness.c tests/daemon.c tests/frameshot.c tests/procstat.c tests/commitwait.c tests/gateway.c tests/sound.c tests/yeargen.c tests/fakeprinter.c $(BENCH_SRC) $(LIB_SRC))
	$$(if $$(Q),@echo "  LD    $$@")
	$(Q)$$(CC) $(2) -o $$@ $$^ $$(LIBS) $$(LDFLAGS)
endef

$(eval $(call variant,build/rel,$(OPT) -g))
$(eval $(call variant,build/san,-O1 -g $(SAN)))
$(foreach p,$(PROGRAMS),$(eval $(call program,build/rel,$(OPT) -g,$(p))))
$(foreach p,$(PROGRAMS),$(eval $(call program,build/san,-O1 -g $(SAN),$(p))))

build/gen/web_assets.c: display/web/embed.sh $(sort $(wildcard display/web/www/*))
	$(Q)sh display/web/embed.sh $@ $(sort $(wildcard display/web/www/*))

# deps-ok installs the packages through 'make deps' when a library is missing.
.PHONY: deps-ok
deps-ok:
	@pkg-config --exists $(PKGS) 2>/dev/null || $(MAKE) --no-print-directory deps

deps:
	@missing=""; for p in $(DEBS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then echo "deps: all Debian packages present"; exit 0; fi; \
	echo "deps: installing$$missing"; \
	SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	$$SUDO apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing

# The word clips are built from assets/voice/clips.txt, not committed, and
# brought to the voice's loudness by goiso-display itself (VOICE_TOOL).
VOICE_TOOL ?= build/rel/goiso-display
voice: $(VOICE_TOOL)
	$(Q)GOISO_DISPLAY=$(VOICE_TOOL) sh assets/voice/make-clips.sh

check: check-build purity
	$(Q)sh tests/run build/san

# What make check runs on, built without running it (make mutate builds
# each mutated copy with it).
.PHONY: check-build mutate
check-build: $(addprefix build/san/,$(PROGRAMS)) build/san/unit-tests build/san/it-tests build/san/libgoiso-syncs.so
	$(Q)$(MAKE) --no-print-directory voice VOICE_TOOL=build/san/goiso-display

# Plants each one-line bug of tests/mutations.txt in a scratch copy and
# runs the tests meant to catch it (slow; not part of make check).
mutate:
	$(Q)sh tests/mutate

.PHONY: purity
purity: $(call objs,build/san,$(SHARED_SRC))
	$(Q)sh tests/purity build/san "$(SHARED_IMPURE)" -- $(SHARED_PURE)

bench: $(addprefix build/rel/,$(PROGRAMS)) build/rel/goiso-bench build/rel/libgoiso-syncs.so voice
	$(Q)sh tests/bench build/rel

# A compressed week of a busy center with its faults (root: tmpfs, netns).
soak: $(addprefix build/rel/,$(PROGRAMS)) build/rel/goiso-bench
	$(Q)sh tests/soak build/rel

demo: build/rel/goiso-display build/rel/goiso-caller build/rel/goiso-kiosk voice
	$(Q)sh tests/demo build/rel

clean:
	rm -rf build

include display/packaging/packaging.mk

-include $(shell find build -name '*.d' 2>/dev/null)

# make fuzz: libFuzzer targets (clang) for what the display reads from
# others: protocol lines, sealed session lines, configuration files, PNG
# and WAV files, officers' names, each with a round-trip or invariant
# check. FUZZ_SECONDS each (default 60); make check runs them for a few seconds
# (tests/it_fuzz.sh). Corpora and crashes stay in build/fuzz.
DEBS += clang
# tests/it_local.sh: nc on the local socket, the sqlite3 shell on the log.
DEBS += netcat-openbsd sqlite3
# tests/it_kiosk.c: a private cupsd with a raw queue (its socket backend).
DEBS += cups
FUZZ_TARGETS = proto config png wav session vname
FUZZ_SECONDS ?= 60
FUZZ_FLAGS = -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -g -O1 \
             -D_GNU_SOURCE -Ishared
FUZZ_LIBS_session = $(shell pkg-config --libs libsodium 2>/dev/null)
FUZZ_LIBS_wav = -lm
build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c shared/%.c shared/%.h | deps-ok
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  FUZZ  $@")
	$(Q)clang $(FUZZ_FLAGS) -o $@ tests/fuzz/fuzz_$*.c shared/$*.c $(FUZZ_LIBS_$*)
fuzz: $(addprefix build/fuzz/fuzz_,$(FUZZ_TARGETS))
	$(Q)sh tests/fuzz/run $(FUZZ_SECONDS)
