#!/bin/sh
# tests/vm/init.sh — /init of the VM tier's initramfs (busybox sh, PID 1).
#
# run.sh copies this file into a tiny initramfs next to a static busybox and
# the virtio/9p/overlay modules (modules/order lists them in dependency
# order).  It loads the modules, builds the guest's root and runs the tests:
#
#   /lower    host /  over virtio-9p (tag hostroot, read-only)
#   /rw       tmpfs: upper + work dirs of the overlay
#   /newroot  overlay(lower=/lower, upper=/rw/upper): the host's files,
#             writable in the guest, nothing written back to the host
#   /newroot/lib/modules/KVER   the Debian kernel's modules (tag kmods)
#   /newroot/vigil-results      run.sh's results dir (tag results, writable)
#   fresh proc, sysfs, devtmpfs, devpts, /dev/shm and /run in /newroot
#
# then chroots into /newroot and runs /vigil-results/guest.sh (bash, from the
# host), and powers off with sysrq 'o'.  Any failure powers off at once:
# run.sh notices that no test started and prints the console log.
PATH=/bin:/sbin
export PATH

msg() {
	local up=
	[ -r /proc/uptime ] && read -r up _ </proc/uptime
	echo "vigil-vm-init: [$up] $*"
}
off() {
	echo o >/proc/sysrq-trigger
	sleep 10
	exit 1 # panic=1 + -no-reboot: QEMU exits either way
}
die() {
	msg "FATAL: $*"
	off
}

mount -t proc proc /proc || die "mount /proc"
mount -t sysfs sysfs /sys || die "mount /sys"
mount -t devtmpfs devtmpfs /dev || die "mount /dev"
echo 1 >/proc/sys/kernel/sysrq
kver=$(cat /proc/sys/kernel/osrelease)
msg "kernel $kver, loading modules"
while read -r m; do
	insmod "/modules/$m" || die "insmod $m"
done </modules/order

p9="trans=virtio,version=9p2000.L,msize=512000"
# virtio devices probe asynchronously; wait (bounded) for the results share
i=0
until mount -t 9p -o "$p9" results /results 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 50 ] || die "cannot mount the results share"
	sleep 0.1
done
mount -t 9p -o "$p9,ro,cache=loose" hostroot /lower || die "mount hostroot"
mount -t tmpfs -o mode=755 rw /rw || die "mount tmpfs /rw"
mkdir -p /rw/upper /rw/work
mount -t overlay -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work overlay /newroot ||
	die "mount overlay"
r=/newroot
mount -t proc proc $r/proc || die "mount $r/proc"
mount -t sysfs sysfs $r/sys || die "mount $r/sys"
mount -t devtmpfs devtmpfs $r/dev || die "mount $r/dev"
mkdir -p $r/dev/pts $r/dev/shm
mount -t devpts -o newinstance,ptmxmode=0666 devpts $r/dev/pts || die "mount devpts"
mount -t tmpfs -o mode=1777 shm $r/dev/shm || die "mount /dev/shm"
mount -t tmpfs -o mode=755 run $r/run || die "mount /run"
mkdir -p "$r/lib/modules/$kver" $r/vigil-results || die "mkdir in $r"
mount -t 9p -o "$p9,ro,cache=loose" kmods "$r/lib/modules/$kver" || die "mount kmods"
mount -o bind /results $r/vigil-results || die "bind results"
# request_module() runs in this (initramfs) root: forward it into the chroot
echo /sbin/vm-modprobe >/proc/sys/kernel/modprobe

msg "mounted; running tests"
chroot $r /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	HOME=/root TERM=dumb LANG=C.UTF-8 /bin/bash /vigil-results/guest.sh
msg "guest.sh exited with $?; powering off"
off
