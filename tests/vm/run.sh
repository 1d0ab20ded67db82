#!/bin/bash
# tests/vm/run.sh — the VM test tier: real kernel IPVS under QEMU (TCG).
#
# The host kernel has no IPVS and cannot load modules, so this script boots
# Debian's own kernel in QEMU and runs test scripts inside it, all in ONE boot:
#
#   1. installs what it needs with apt-get when missing (as root);
#   2. resolves the current Debian kernel image package from the
#      linux-image-amd64 metapackage, downloads it once and unpacks it into a
#      cache dir (${VIGIL_VM_CACHE:-/var/cache/vigil-vm}), `depmod -b`;
#   3. builds a tiny initramfs: busybox-static, the virtio/9p/overlay modules
#      (insmod order from `modprobe --show-depends`), and tests/vm/init.sh;
#   4. boots qemu-system-x86_64 -accel tcg with three virtio-9p shares: the
#      host's / (read-only; a tmpfs overlay goes on top in the guest), the
#      kernel's module tree (mounted at /lib/modules/KVER), and a writable
#      results dir; the guest chroots into the overlay and tests/vm/guest.sh
#      runs the selected tests, each under a timeout;
#   5. the guest powers off with sysrq 'o';
#   6. this script prints each test's output (as "# " lines) and an ok/not ok
#      line as soon as the test finishes, then "N passed, N failed".
#
# Usage: tests/vm/run.sh [options] [TEST...]
#   TEST is a script path, a name in tests/vm/t (with or without .sh) or a
#   name prefix ("10" selects 10-*.sh); default: every tests/vm/t/*.sh.
# See tests/vm/README.md for options, environment and the guest contract.
set -u

srcdir=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
vmdir=$srcdir/tests/vm

usage() {
	cat <<EOF
usage: $0 [options] [TEST...]
  --builddir DIR      where vigild was built (default: . if it holds vigild, else the source dir)
  --results DIR       results dir (default: BUILDDIR/vm-results; replaced on each run)
  --cache DIR         kernel cache (default: \${VIGIL_VM_CACHE:-/var/cache/vigil-vm})
  --timeout SEC       overall limit for the VM (default: \${VIGIL_VM_TIMEOUT:-900})
  --test-timeout SEC  limit for each test (default: \${VIGIL_VM_TEST_TIMEOUT:-300})
  --mem MIB           guest memory (default: \${VIGIL_VM_MEM:-2048})
  --smp N             guest vCPUs (default: \${VIGIL_VM_SMP:-2})
  --full-console      on a VM failure print the whole console log, not its tail
  -c, --command CMD   also run CMD (bash -c) in the VM, as a test named "command"
  -l, --list          list the tests that would run and exit
  -h, --help          this text
EOF
}

builddir=
results=
cache=${VIGIL_VM_CACHE:-/var/cache/vigil-vm}
overall=${VIGIL_VM_TIMEOUT:-900}
test_timeout=${VIGIL_VM_TEST_TIMEOUT:-300}
mem=${VIGIL_VM_MEM:-2048}
smp=${VIGIL_VM_SMP:-2}
full_console=0
list_only=0
command=
sel=()
while [ $# -gt 0 ]; do
	case $1 in
	--builddir) builddir=${2:?--builddir needs a value}; shift 2 ;;
	--builddir=*) builddir=${1#*=}; shift ;;
	--results) results=${2:?--results needs a value}; shift 2 ;;
	--results=*) results=${1#*=}; shift ;;
	--cache) cache=${2:?--cache needs a value}; shift 2 ;;
	--cache=*) cache=${1#*=}; shift ;;
	--timeout) overall=${2:?}; shift 2 ;;
	--timeout=*) overall=${1#*=}; shift ;;
	--test-timeout) test_timeout=${2:?}; shift 2 ;;
	--test-timeout=*) test_timeout=${1#*=}; shift ;;
	--mem) mem=${2:?}; shift 2 ;;
	--smp) smp=${2:?}; shift 2 ;;
	--full-console) full_console=1; shift ;;
	-c | --command) command=${2?--command needs a value}; shift 2 ;;
	-l | --list) list_only=1; shift ;;
	-h | --help) usage; exit 0 ;;
	--) shift; sel+=("$@"); break ;;
	-*) echo "vm: unknown option $1" >&2; usage >&2; exit 2 ;;
	*) sel+=("$1"); shift ;;
	esac
done

die() { echo "vm: $*" >&2; echo "0 passed, 1 failed"; exit 1; }

for v in overall test_timeout mem smp; do
	case ${!v} in '' | *[!0-9]*) die "--${v//_/-} must be a positive integer (got '${!v}')" ;; esac
	[ "${!v}" -gt 0 ] || die "--${v//_/-} must be positive"
done

# ---- test selection -------------------------------------------------------
tests=()
if [ ${#sel[@]} -eq 0 ]; then
	for t in "$vmdir"/t/*.sh; do [ -f "$t" ] && tests+=("$t"); done
else
	for s in "${sel[@]}"; do
		if [ -f "$s" ]; then
			tests+=("$(realpath "$s")")
		elif [ -f "$vmdir/t/$s" ]; then
			tests+=("$vmdir/t/$s")
		elif [ -f "$vmdir/t/$s.sh" ]; then
			tests+=("$vmdir/t/$s.sh")
		else
			m=()
			for t in "$vmdir/t/$s"*.sh; do [ -f "$t" ] && m+=("$t"); done
			[ ${#m[@]} -gt 0 ] || die "no test matches '$s' (tests are in $vmdir/t)"
			tests+=("${m[@]}")
		fi
	done
fi
# --command CMD: a generated script in a private dir (the guest sees the host's
# /tmp through the 9p root); with --command alone no other test runs.
if [ -n "$command" ]; then
	cmddir=$(mktemp -d /tmp/vigil-vm-cmd.XXXXXX) || die "mktemp failed"
	trap 'rm -rf "$cmddir"' EXIT
	printf '#!/bin/bash\n%s\n' "$command" >"$cmddir/command.sh"
	[ ${#sel[@]} -eq 0 ] && tests=()
	tests+=("$cmddir/command.sh")
fi
[ ${#tests[@]} -gt 0 ] || die "no tests selected"
# Test names must be unique: they name the result files.
declare -A seen=()
names=()
for t in "${tests[@]}"; do
	n=$(basename "$t" .sh)
	[ -z "${seen[$n]:-}" ] || die "two selected tests are both named '$n'"
	case $n in console | qemu | job | started | done | artifacts | .*) die "a test cannot be named '$n' (results dir file)" ;; esac
	seen[$n]=1
	names+=("$n")
done
if [ $list_only -eq 1 ]; then
	printf '%s\n' "${tests[@]}"
	exit 0
fi

# ---- build dir ------------------------------------------------------------
if [ -z "$builddir" ]; then
	if [ -x ./vigild ]; then builddir=$(pwd); else builddir=$srcdir; fi
fi
builddir=$(cd "$builddir" 2>/dev/null && pwd) || die "--builddir: no such directory"
[ -x "$builddir/vigild" ] || echo "vm: note: $builddir/vigild does not exist (tests that need it will fail)"

[ "$(id -u)" -eq 0 ] || die "must run as root (installs packages, writes $cache)"

# ---- 1. packages ----------------------------------------------------------
apt_updated=0
apt_update() {
	[ $apt_updated -eq 1 ] && return 0
	apt_updated=1
	echo "vm: apt-get update"
	DEBIAN_FRONTEND=noninteractive timeout 300 apt-get update -qq >&2 || echo "vm: apt-get update failed" >&2
}
# package:command pairs; the command is checked as well as dpkg's status
need="qemu-system-x86:qemu-system-x86_64 kmod:depmod cpio:cpio busybox-static:busybox
ipvsadm:ipvsadm nginx-light:nginx curl:curl iproute2:ip procps:ps"
missing=()
for pc in $need; do
	p=${pc%%:*} c=${pc#*:}
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || ! command -v "$c" >/dev/null; then
		missing+=("$p")
	fi
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "vm: installing ${missing[*]}"
	apt_update
	DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 ||
		die "apt-get install ${missing[*]} failed"
fi
[ -x /bin/busybox ] && file_static=$(LC_ALL=C ldd /bin/busybox 2>&1)
case ${file_static:-} in *"not a dynamic"* | *"statically linked"*) ;; *) die "/bin/busybox is not static (need busybox-static)" ;; esac

# ---- 2. kernel ------------------------------------------------------------
mkdir -p "$cache" || die "cannot create $cache"
# Resolve linux-image-amd64 -> linux-image-X.Y.Z-N-amd64 and its candidate version.
resolve_kernel() {
	apt-cache depends linux-image-amd64 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }'
}
kpkg=$(resolve_kernel)
if [ -z "$kpkg" ]; then
	apt_update
	kpkg=$(resolve_kernel)
fi
kdir=
newest_cached() { # the most recently unpacked complete kernel in the cache
	local d best=
	for d in "$cache"/linux-image-*; do
		[ -f "$d/.complete" ] || continue
		[ -z "$best" ] || [ "$d/.complete" -nt "$best/.complete" ] && best=$d
	done
	echo "$best"
}
if [ -n "$kpkg" ]; then
	kver_pkg=$(apt-cache policy "$kpkg" 2>/dev/null | awk '$1 == "Candidate:" { print $2; exit }')
	[ -n "$kver_pkg" ] && [ "$kver_pkg" != "(none)" ] || die "no installable candidate for $kpkg"
	kdir=$cache/${kpkg}_${kver_pkg}
	(
		# one fetch at a time across concurrent runs
		flock -w 600 9 || { echo "vm: cannot lock $cache/.lock" >&2; exit 1; }
		[ -f "$kdir/.complete" ] && exit 0
		echo "vm: fetching $kpkg $kver_pkg into $cache"
		tmp=$(mktemp -d "$cache/.fetch.XXXXXX") || exit 1
		trap 'rm -rf "$tmp"' EXIT
		(cd "$tmp" && timeout 600 apt-get download -q "$kpkg=$kver_pkg" >"$tmp/apt.log" 2>&1) ||
			{ cat "$tmp/apt.log" >&2; echo "vm: apt-get download $kpkg failed" >&2; exit 1; }
		deb=$(ls "$tmp"/*.deb 2>/dev/null | head -1)
		[ -n "$deb" ] || { echo "vm: no .deb downloaded" >&2; exit 1; }
		mkdir "$tmp/x" && dpkg -x "$deb" "$tmp/x" || { echo "vm: dpkg -x failed" >&2; exit 1; }
		kv=$(ls "$tmp/x/lib/modules" | head -1)
		[ -n "$kv" ] && [ -f "$tmp/x/boot/vmlinuz-$kv" ] || { echo "vm: package has no vmlinuz/modules" >&2; exit 1; }
		depmod -b "$tmp/x" "$kv" || { echo "vm: depmod failed" >&2; exit 1; }
		rm -rf "$kdir" && mv "$tmp/x" "$kdir" && touch "$kdir/.complete" || exit 1
		# drop older kernels that no run has used for a day (a concurrent
		# run may still be booting one)
		for old in "$cache"/linux-image-*; do
			[ "$old" = "$kdir" ] && continue
			[ -n "$(find "$old/.used" -mmin -1440 2>/dev/null)" ] || rm -rf "$old"
		done
	) 9>"$cache/.lock" || {
		kdir=$(newest_cached)
		[ -n "$kdir" ] || die "could not fetch the kernel"
		echo "vm: could not fetch $kpkg $kver_pkg; using cached $(basename "$kdir")" >&2
	}
else
	# offline: fall back to whatever complete kernel the cache holds
	kdir=$(newest_cached)
	[ -n "$kdir" ] || die "cannot resolve linux-image-amd64 (apt-cache depends) and $cache holds no kernel"
	echo "vm: apt cannot resolve linux-image-amd64; using cached $(basename "$kdir")" >&2
fi
kver=$(ls "$kdir/lib/modules" | head -1)
kernel=$kdir/boot/vmlinuz-$kver
[ -n "$kver" ] && [ -f "$kernel" ] || die "$kdir holds no kernel"
[ -d "$kdir/lib/modules/$kver/kernel/net/netfilter/ipvs" ] || die "kernel $kver has no IPVS modules"
touch "$kdir/.used"
# Booting the bare ELF vmlinux through its PVH entry point skips the
# kernel's own XZ decompression, which is slow under TCG (8-15 s saved on a
# loaded host).  Made once per cached kernel; vmlinuz is the fallback.
make_vmlinux() {
	local z=$kdir/boot/vmlinuz-$kver off
	[ -s "$kdir/vmlinux" ] && return 0
	grep -q '^CONFIG_PVH=y' "$kdir/boot/config-$kver" 2>/dev/null && command -v xz >/dev/null || return 1
	off=$(LC_ALL=C grep -abo $'\xfd7zXZ\x00' "$z" | head -1 | cut -d: -f1)
	[ -n "$off" ] || return 1
	tail -c +$((off + 1)) "$z" | xz -dcq --single-stream >"$kdir/.vmlinux.tmp" 2>/dev/null
	[ "$(head -c 4 "$kdir/.vmlinux.tmp" | od -An -tx1 | tr -d ' ')" = 7f454c46 ] &&
		mv "$kdir/.vmlinux.tmp" "$kdir/vmlinux" || { rm -f "$kdir/.vmlinux.tmp"; return 1; }
}
if [ "${VIGIL_VM_PVH:-1}" = 1 ] && (flock -w 120 9 && make_vmlinux) 9>"$cache/.lock"; then
	kernel=$kdir/vmlinux
fi

# ---- results dir ----------------------------------------------------------
[ -n "$results" ] || results=$builddir/vm-results
# one run per results dir at a time
exec 8>"$results.lock" && flock -n 8 || die "another run is using $results (lock $results.lock)"
if [ -e "$results" ]; then
	[ -f "$results/.vigil-vm-results" ] || die "$results exists and is not a vm results dir; refusing to replace it"
	rm -rf "$results"
fi
mkdir -p "$results" && touch "$results/.vigil-vm-results" || die "cannot create $results"
results=$(cd "$results" && pwd)

# QEMU's -fsdev option syntax cannot carry a comma in a path
case $results$kdir in *,*) die "paths for QEMU must not contain ',': $results $kdir" ;; esac

# ---- 3. initramfs ---------------------------------------------------------
work=$(mktemp -d /tmp/vigil-vm.XXXXXX) || die "mktemp failed"
qpid=
cleanup() {
	if [ -n "$qpid" ] && kill -0 "$qpid" 2>/dev/null; then
		kill "$qpid" 2>/dev/null
		sleep 1
		kill -9 "$qpid" 2>/dev/null
	fi
	rm -rf "$work" "${cmddir:-}"
}
trap cleanup EXIT
trap 'echo "vm: interrupted" >&2; exit 130' INT TERM

ir=$work/initramfs
mkdir -p "$ir"/{bin,sbin,proc,sys,dev,modules,lower,rw,newroot,results,kmods} || die "mkdir failed"
cp /bin/busybox "$ir/bin/busybox" || die "cannot copy busybox"
for a in sh mount insmod mkdir chroot sleep cat echo; do ln -s busybox "$ir/bin/$a"; done
: >"$ir/modules/order"
for m in virtio_pci 9pnet_virtio 9p overlay; do
	deps=$(modprobe --show-depends -d "$kdir" -S "$kver" "$m" 2>&1) || die "modprobe --show-depends $m: $deps"
	while read -r kind path _; do
		[ "$kind" = insmod ] || continue # "builtin NAME": nothing to load
		b=$(basename "$path")
		grep -qx "${b%.ko*}.ko" "$ir/modules/order" && continue
		# busybox insmod wants plain .ko files
		case $b in
		*.ko) unz="cat" ;;
		*.ko.xz) unz="xz -dc" ;;
		*.ko.zst) unz="zstd -qdc" ;;
		*.ko.gz) unz="gzip -dc" ;;
		*) die "unknown module format: $path" ;;
		esac
		b=${b%.ko*}.ko
		$unz "$path" >"$ir/modules/$b" || die "cannot unpack $path"
		echo "$b" >>"$ir/modules/order"
	done <<<"$deps"
done
cp "$vmdir/init.sh" "$ir/init" && chmod 755 "$ir/init" || die "cannot install init"
cat >"$ir/sbin/vm-modprobe" <<'EOF'
#!/bin/sh
# kernel module autoload (request_module) runs in the initramfs root: forward
# it to the real modprobe inside the chroot, where /lib/modules is mounted.
exec /bin/chroot /newroot /sbin/modprobe "$@"
EOF
chmod 755 "$ir/sbin/vm-modprobe"
(cd "$ir" && find . | cpio -o -H newc --quiet) >"$work/initrd.cpio" || die "cpio failed"

# The guest runner and its job description (sourced by guest.sh).
cp "$vmdir/guest.sh" "$results/guest.sh" || die "cannot copy guest.sh"
{
	printf 'VIGIL_SRCDIR=%q\n' "$srcdir"
	printf 'VIGIL_BUILDDIR=%q\n' "$builddir"
	printf 'VIGIL_VM_KVER=%q\n' "$kver"
	printf 'VIGIL_VM_TEST_TIMEOUT=%q\n' "$test_timeout"
	printf 'VIGIL_VM_TESTS=(%s)\n' "$(printf '%q ' "${tests[@]}")"
} >"$results/job.env"

# ---- 4. boot --------------------------------------------------------------
echo "vm: kernel $kver ($(basename "$kdir"), $(basename "$kernel")), ${#tests[@]} test(s), results in $results"
start=$(date +%s.%N)
qemu-system-x86_64 -accel tcg -cpu max -smp "$smp" -m "$mem" \
	-nodefaults -no-user-config -display none -vga none -no-reboot \
	-serial "file:$results/console.log" -monitor none \
	-kernel "$kernel" -initrd "$work/initrd.cpio" \
	-append "console=ttyS0 loglevel=5 panic=1 rdinit=/init ${VIGIL_VM_APPEND:-}" \
	-fsdev local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap \
	-device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot \
	-fsdev "local,id=kmods,path=$kdir/lib/modules/$kver,security_model=none,readonly=on" \
	-device virtio-9p-pci,fsdev=kmods,mount_tag=kmods \
	-fsdev "local,id=results,path=$results,security_model=none" \
	-device virtio-9p-pci,fsdev=results,mount_tag=results \
	${VIGIL_VM_QEMU_OPTS:-} </dev/null >"$results/qemu.log" 2>&1 &
qpid=$!

elapsed() { awk -v s="$start" -v n="$(date +%s.%N)" 'BEGIN { printf "%.1f", n - s }'; }

npass=0 nfail=0
declare -A done_t=()
report() { # report INDEX: print the output and verdict of a finished test
	local i=$1 n=${names[$1]} rc secs
	read -r rc secs <"$results/$n.rc" || rc=255
	[ -f "$results/$n.log" ] && sed 's/^/# /' "$results/$n.log"
	if [ "$rc" = 0 ]; then
		echo "ok $((i + 1)) - $n (${secs:-?}s)"; npass=$((npass + 1))
	else
		echo "not ok $((i + 1)) - $n (exit $rc, ${secs:-?}s)"; nfail=$((nfail + 1))
	fi
	done_t[$n]=1
}
poll_tests() {
	local i
	for i in "${!names[@]}"; do
		[ -n "${done_t[${names[$i]}]:-}" ] && continue
		[ -f "$results/${names[$i]}.rc" ] || return 0 # in order
		report "$i"
	done
}

timed_out=0 booted=
limit=$(($(date +%s) + overall))
while kill -0 "$qpid" 2>/dev/null; do
	if [ -z "$booted" ] && [ -f "$results/started" ]; then
		booted=$(elapsed)
		echo "vm: guest up, first test starts after ${booted}s"
	fi
	poll_tests
	if [ "$(date +%s)" -ge "$limit" ]; then
		timed_out=1
		echo "vm: overall timeout (${overall}s) reached; killing the VM" >&2
		kill "$qpid" 2>/dev/null
		sleep 2
		kill -9 "$qpid" 2>/dev/null
		break
	fi
	sleep 0.5
done
wait "$qpid" 2>/dev/null
qrc=$?
qpid=
poll_tests
total=$(elapsed)

fail_vm=0
console_tail() {
	if [ $full_console -eq 1 ]; then
		sed 's/^/# console: /' "$results/console.log"
	else
		echo "# --- last 40 lines of $results/console.log:"
		tail -n 40 "$results/console.log" 2>/dev/null | sed 's/^/# console: /'
	fi
	if [ -s "$results/qemu.log" ]; then
		echo "# --- $results/qemu.log:"
		sed 's/^/# qemu: /' "$results/qemu.log"
	fi
}
if [ -z "$booted" ]; then
	echo "not ok - VM did not come up (qemu exit $qrc after ${total}s)"
	console_tail
	fail_vm=1
elif [ ! -f "$results/done" ]; then
	if [ $timed_out -eq 1 ]; then
		echo "not ok - VM killed after the overall timeout of ${overall}s"
	else
		echo "not ok - VM stopped before the tests finished (qemu exit $qrc)"
	fi
	console_tail
	fail_vm=1
fi
for i in "${!names[@]}"; do
	[ -n "${done_t[${names[$i]}]:-}" ] && continue
	[ -f "$results/${names[$i]}.log" ] && sed 's/^/# /' "$results/${names[$i]}.log"
	echo "not ok $((i + 1)) - ${names[$i]} (did not finish)"
	nfail=$((nfail + 1))
done
nfail=$((nfail + fail_vm))
echo "vm: boot to first test ${booted:-n/a}${booted:+s}, total ${total}s; console log: $results/console.log"
echo "$npass passed, $nfail failed"
[ $nfail -eq 0 ]
