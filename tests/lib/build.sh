# Shared by tests/run-all.sh and tests/lab.sh (sourced; needs $top, $logdir, $jobs):
# install the build and test dependencies when missing, and build out of tree.
build_pkgs="autoconf automake autoconf-archive libtool pkg-config make gcc clang clang-format
 libev-dev libmnl-dev libnl-3-dev libnl-route-3-dev libcurl4-openssl-dev libssl-dev
 libjson-c-dev check libsystemd-dev libpcre2-dev binutils"
test_pkgs="iproute2 procps psmisc keepalived ipvsadm nginx-light curl tshark hyperfine time
 qemu-system-x86 kmod cpio busybox-static bridge-utils python3 valgrind dnsmasq-base openssl"

install_deps() {
	local missing=()
	for p in $build_pkgs $test_pkgs; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "run-all: missing packages: ${missing[*]}" >&2
		echo "run-all: run as root (sudo) so that they can be installed" >&2
		exit 1
	fi
	echo "run-all: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >"$logdir/apt.log" 2>&1 &&
		apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$logdir/apt.log" 2>&1 ||
		{ tail -30 "$logdir/apt.log"; echo "run-all: apt-get failed" >&2; exit 1; }
}

build() { # build DIR CONFIGURE-ARGS...
	local dir=$1; shift
	mkdir -p "$dir" && cd "$dir" &&
		{ [ -f Makefile ] || "$top/configure" -q "$@"; } &&
		make -j"$jobs" -s
}

