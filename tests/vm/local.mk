# tests/vm: real kernel IPVS in a QEMU VM (see tests/vm/README.md).  Not part
# of `make check` (needs root, QEMU and a Debian kernel download): the test
# command (tests/run-all.sh, tier vm) runs tests/vm/run.sh --builddir BUILD.
EXTRA_DIST += tests/vm/README.md tests/vm/run.sh tests/vm/init.sh \
	tests/vm/guest.sh tests/vm/lib.sh tests/vm/t
