# packaging.mk: make install / uninstall / deb / deb-test (included by the
# top Makefile).
#
#   make install [PREFIX=/usr/local] [DESTDIR=] [BUILD=build/rel]   programs, clips,
#        man pages, systemd units, /etc/goiso/center.conf (kept if present)
#   make uninstall [PREFIX=...] [DESTDIR=]        all of it but the config
#   make deb        build/goiso_<version>_amd64.deb (dpkg-deb), lintian-checked
#   make deb-test   install the .deb in a scratch Debian 12 root, check, purge
#
# Every program of the Makefile's PROGRAMS is installed; its man page is
# every *.1 beside its sources.

# make check runs `man --warnings` and `systemd-analyze verify` (tests/it_install.sh);
# make deb needs dpkg-shlibdeps and lintian, make deb-test debootstrap.
DEBS       += man-db systemd
DEB_TOOLS   = dpkg-dev lintian debootstrap

PREFIX     ?= /usr/local
SYSCONFDIR ?= /etc
BINDIR      = $(PREFIX)/bin
SHAREDIR    = $(PREFIX)/share/goiso
MANDIR      = $(PREFIX)/share/man
UNITDIR    ?= $(PREFIX)/lib/systemd/system
INSTALL_PROGRAMS ?= $(PROGRAMS)
MANPAGES    = $(sort $(wildcard display/*.1 caller/*.1 display/*/*.1 caller/*/*.1))
UNITS       = $(wildcard display/packaging/systemd/*.service display/packaging/systemd/*.timer \
                         caller/*/*.service display/*/*.service)
BUILD      ?= build/rel
VERSION     = $(shell sed -n 's/^\#define GOISO_VERSION "\(.*\)"/\1/p' shared/version.h)

.PHONY: install uninstall deb deb-test
install: $(addprefix $(BUILD)/,$(INSTALL_PROGRAMS)) voice
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SHAREDIR)/voice/vi $(DESTDIR)$(MANDIR)/man1 \
	           $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSCONFDIR)/goiso
	install -m 0755 $(addprefix $(BUILD)/,$(INSTALL_PROGRAMS)) $(DESTDIR)$(BINDIR)/
	install -m 0644 assets/voice/vi/*.wav $(DESTDIR)$(SHAREDIR)/voice/vi/
	install -m 0644 assets/voice/clips.txt $(DESTDIR)$(SHAREDIR)/voice/
	$(if $(MANPAGES),install -m 0644 $(MANPAGES) $(DESTDIR)$(MANDIR)/man1/)
	for u in $(UNITS); do \
	  sed -e 's|/usr/bin/|$(BINDIR)/|g' -e 's|/etc/goiso/|$(SYSCONFDIR)/goiso/|g' "$$u" \
	    > $(DESTDIR)$(UNITDIR)/$$(basename $$u) && chmod 0644 $(DESTDIR)$(UNITDIR)/$$(basename $$u); \
	done
	install -m 0644 display/packaging/center.conf $(DESTDIR)$(SYSCONFDIR)/goiso/center.conf.sample
	@if [ -e $(DESTDIR)$(SYSCONFDIR)/goiso/center.conf ]; then \
	  echo "install: $(DESTDIR)$(SYSCONFDIR)/goiso/center.conf exists, kept (new sample: center.conf.sample)"; \
	else install -m 0644 display/packaging/center.conf $(DESTDIR)$(SYSCONFDIR)/goiso/center.conf; fi

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(INSTALL_PROGRAMS))
	rm -rf $(DESTDIR)$(SHAREDIR)
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(MANPAGES)))
	rm -f $(addprefix $(DESTDIR)$(UNITDIR)/,$(notdir $(UNITS)))
	rm -f $(DESTDIR)$(SYSCONFDIR)/goiso/center.conf.sample
	@echo "uninstall: $(DESTDIR)$(SYSCONFDIR)/goiso/center.conf and the data directory are kept"

deb: $(addprefix build/rel/,$(INSTALL_PROGRAMS)) voice
	@$(MAKE) --no-print-directory deps DEBS="$(DEB_TOOLS)"
	$(Q)sh display/packaging/build-deb.sh "$(VERSION)" "$(INSTALL_PROGRAMS)"

deb-test: deb
	$(Q)sh display/packaging/deb-test.sh build/goiso_$(VERSION)_amd64.deb
