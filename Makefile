# goiso: one non-recursive GNU Makefile.
#
#   make          build goiso-display and goiso-caller (release flags) in build/
#   make deps     install the Debian packages goiso needs (only those missing)
#   make check    ASan/UBSan build, then every unit and integration test
#   make demo     run the display with six simulated counters on embedded defaults
#   make bench    the load benchmarks (figures printed, not asserted)
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
# goiso-report's XLSX output
DEBS += libxlsxwriter-dev
PKGS += xlsxwriter

CC      ?= cc
OPT     ?= -O2
WARN     = -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wno-missing-field-initializers
CPPFLAGS_ALL = -D_GNU_SOURCE -Ishared -Idisplay -Icaller \
               $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS    = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm
SAN     = -fsanitize=address,undefined -fno-omit-frame-pointer \
          -fno-sanitize-recover=undefined

ifeq ($(V),1)
Q =
else
Q = @
endif

SHARED_SRC  = $(wildcard shared/*.c)
DISPLAY_SRC = $(filter-out display/main.c,$(wildcard display/*.c))
CALLER_SRC  = $(filter-out caller/main.c,$(wildcard caller/*.c))
# The counter panel draws its texts with the board's font module.
CALLER_LINK = $(CALLER_SRC) display/font.c
# The director's report: goiso-report and the library the web serves it with.
REPORT_SRC  = $(filter-out display/report/main.c,$(wildcard display/report/*.c))
UNIT_SRC    = $(wildcard tests/test_*.c)
IT_SRC      = $(wildcard tests/it_*.c)
BENCH_SRC   = $(wildcard tests/bench_*.c)

# $(call objs,BUILDDIR,SOURCES)
objs = $(patsubst %.c,$(1)/%.o,$(2))

.PHONY: all deps check demo bench voice clean
all: build/rel/goiso-display build/rel/goiso-caller build/rel/goiso-report voice

define variant
$(1)/%.o: %.c | deps-ok
	@mkdir -p $$(dir $$@)
	$$(if $$(Q),@echo "  CC    $$@")
	$(Q)$$(CC) $$(WARN) $(2) $$(CPPFLAGS_ALL) $$(CFLAGS) -MMD -MP -c $$< -o $$@

$(1)/goiso-display: $(call objs,$(1),display/main.c $(DISPLAY_SRC) $(SHARED_SRC))
	$$(if $$(Q),@echo "  LD    $$@")
	$(Q)$$(CC) $(2) -o $$@ $$^ $$(LIBS) $$(LDFLAGS)

$(1)/goiso-caller: $(call objs,$(1),caller/main.c $(CALLER_LINK) $(SHARED_SRC))
	$$(if $$(Q),@echo "  LD    $$@")
	$(Q)$$(CC) $(2) -o $$@ $$^ $$(LIBS) $$(LDFLAGS)

$(1)/goiso-report: $(call objs,$(1),display/report/main.c $(REPORT_SRC) $(SHARED_SRC))
	$$(if $$(Q),@echo "  LD    $$@")
	$(Q)$$(CC) $(2) -o $$@ $$^ $$(LIBS) $$(LDFLAGS)

$(1)/unit-tests: $(call objs,$(1),tests/harness.c tests/sound.c tests/yeargen.c tests/reportday.c $(UNIT_SRC) $(DISPLAY_SRC) $(CALLER_SRC) $(SHARED_SRC) $(REPORT_SRC))
	$$(if $$(Q),@echo "  LD    $$@")
	$(Q)$$(CC) $(2) -o $$@ $$^ $$(LIBS) $$(LDFLAGS)

$(1)/it-tests: $(call objs,$(1),tests/harness.c tests/daemon.c tests/sound.c $(IT_SRC) $(CALLER_LINK) $(SHARED_SRC))
	$$(if $$(Q),@echo "  LD    $$@")
	$(Q)$$(CC) $(2) -o $$@ $$^ $$(LIBS) $$(LDFLAGS)

$(1)/goiso-bench: $(call objs,$(1),tests/harness.c tests/daemon.c tests/sound.c tests/yeargen.c $(BENCH_SRC) $(DISPLAY_SRC) $(CALLER_SRC) $(SHARED_SRC) $(REPORT_SRC))
	$$(if $$(Q),@echo "  LD    $$@")
	$(Q)$$(CC) $(2) -o $$@ $$^ $$(LIBS) $$(LDFLAGS)
endef

$(eval $(call variant,build/rel,$(OPT) -g))
$(eval $(call variant,build/san,-O1 -g $(SAN)))

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

# The word clips are built from assets/voice/clips.txt, not committed.
voice:
	$(Q)sh assets/voice/make-clips.sh

check: build/san/goiso-display build/san/goiso-caller build/san/goiso-report build/san/unit-tests build/san/it-tests voice
	$(Q)sh tests/run build/san

bench: build/rel/goiso-display build/rel/goiso-caller build/rel/goiso-report build/rel/goiso-bench
	$(Q)sh tests/bench build/rel

demo: build/rel/goiso-display build/rel/goiso-caller voice
	$(Q)sh tests/demo build/rel

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
