# rpi/rpi.mk - the Raspberry Pi targets, included at the end of the Makefile.
#
#   make test-arm64     cross-build the unit tests and the program for arm64
#                       (-O2, no sanitizers) and run them under qemu-aarch64
#   make install        install into $(DESTDIR)$(PREFIX) (rpi/install.sh does
#                       the rest of the system set-up)
#   make test ARM64=no  the native tests only (quicker while working; CI runs all)
#   make test-appliance the kiosk installed by install.sh into a Debian image,
#                       booted under QEMU and checked from outside
#                       (tests/appliance/run.sh), on bookworm and trixie
#                       (SUITES="bookworm" for one; "trixie:quick" the short
#                       pass); make test runs bookworm and trixie:quick

ARM64_CROSS := aarch64-linux-gnu-
ARM64_B     := build/arm64
# tests/run.sh's BUILD=EMULATOR form: rpi/arm64-run picks qemu-aarch64 (or
# nothing on an arm64 machine) when it runs.
ARM64 ?= yes
ARM64_RUN   := $(if $(filter yes,$(ARM64)),$(ARM64_B)=$(CURDIR)/rpi/arm64-run)

.PHONY: test-arm64 arm64-tests-bin rpi-force test-appliance
SUITES ?= bookworm trixie
test-appliance: all
	@AGM_ROOT=$(CURDIR) AGM_APPLIANCE=yes AGM_APPLIANCE_SUITES="$(SUITES)" \
	    AGM_APPLIANCE_CUTS=$${AGM_APPLIANCE_CUTS:-20} sh tests/e2e/appliance.sh

arm64-tests-bin:
	@$(MAKE) -s --no-print-directory CROSS=$(ARM64_CROSS) B=$(ARM64_B) build/.deps-$(ARM64_CROSS)
	@$(MAKE) --no-print-directory CROSS=$(ARM64_CROSS) B=$(ARM64_B) tests-bin

test-arm64: arm64-tests-bin
	@tests/run.sh $(ARM64_B)=$(CURDIR)/rpi/arm64-run

# PREFIX is compiled into config.o (the default content and fonts folders):
# rebuild it when PREFIX changes. The stamp is rewritten only on a change.
$(B)/.prefix: rpi-force
	@mkdir -p $(@D)
	@[ "$$(cat $@ 2>/dev/null)" = "$(PREFIX)" ] || echo "$(PREFIX)" >$@
$(B)/obj/src/config/config.o: $(B)/.prefix

# ---- install ---------------------------------------------------------------
# PREFIX/bin/agmkiosk, PREFIX/lib/agmkiosk/agmkiosk-launch (the systemd
# unit's ExecStart), PREFIX/lib/agmkiosk/agmkiosk-usb-mount (run by the udev
# rule that rpi/install.sh installs), PREFIX/share/agmkiosk/{content,fonts} (the bundled
# content is replaced on every install: organizers keep their own content
# elsewhere, see rpi/README.md) and an example kiosk.ini.
INSTALL  ?= install
SHAREDIR := $(DESTDIR)$(PREFIX)/share/agmkiosk
.PHONY: install-files
install: all
	@$(MAKE) --no-print-directory install-files

# The files alone, from what $(B) already holds (rpi/install.sh --no-build).
install-files:
	@[ -x $(B)/agmkiosk ] || { echo "install: $(B)/agmkiosk is not built (run make first)"; exit 1; }
	$(INSTALL) -d -m 0755 $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/agmkiosk $(SHAREDIR)
	$(INSTALL) -m 0755 $(B)/agmkiosk $(DESTDIR)$(PREFIX)/bin/agmkiosk
	$(INSTALL) -m 0755 rpi/agmkiosk-launch $(DESTDIR)$(PREFIX)/lib/agmkiosk/agmkiosk-launch
	$(INSTALL) -m 0755 rpi/agmkiosk-usb-mount $(DESTDIR)$(PREFIX)/lib/agmkiosk/agmkiosk-usb-mount
	$(INSTALL) -m 0644 kiosk.ini $(SHAREDIR)/kiosk.ini.example
	@for d in content fonts; do \
	    [ -d $$d ] || { echo "install: no $$d/ folder in the source, skipped"; continue; }; \
	    echo "install: $$d/ -> $(SHAREDIR)/$$d"; \
	    rm -rf "$(SHAREDIR)/$$d" && cp -R $$d "$(SHAREDIR)/$$d" && chmod -R u=rwX,go=rX "$(SHAREDIR)/$$d"; \
	done
