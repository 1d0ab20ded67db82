#!/bin/bash
# VRRP trackers and notify scripts: a (priority 150) and b (100).  a tracks
#  - vrrp_script chk (weight -60): failing drops a to 90 -> b preempts;
#    succeeding again puts a back to 150 -> a preempts;
#  - track_file tf (weight 1): the value -100 drops a to 50 -> b takes over;
#  - track_interface eth9 (weight 0): eth9 down puts a in FAULT (VIP to b),
#    up brings it back;
# and runs notify_master and notify (TYPE NAME STATE PRIORITY), whose lines
# must come in the order of the transitions, notify_master before notify.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"

add_node a 1
add_node b 2
ip -n "$NS-a" link add eth9 type veth peer name eth8
ip -n "$NS-a" link set eth9 up
ip -n "$NS-a" link set eth8 up
echo 0 >"$T/tf"
cat >"$T/notify.sh" <<EOS
#!/bin/sh
echo "\$*" >>"$T/notify.log"
EOS
chmod +x "$T/notify.sh"
node_conf a 51 150 3 1 "    track_script {
        chk
    }
    track_file {
        tf
    }
    track_interface {
        eth9
    }
    notify_master \"$T/notify.sh master\"
    notify \"$T/notify.sh\""
cat >>"$T/a.conf" <<EOC
vrrp_script chk {
    script "test ! -e $T/down_a"
    interval 1
    weight -60
    fall 1
    rise 1
}
track_file tf {
    file $T/tf
    weight 1
}
EOC
node_conf b 51 100
check "a starts" start_node a
check "b starts" start_node b
check "a becomes MASTER" wait_until 8 only_vip a 192.0.2.100 b

# vrrp_script failing: weight -60.
touch "$T/down_a"
check "a's priority drops to 90" wait_until 4 node_log_has a '\[VI_1\] effective priority 150 -> 90'
check "b preempts a (90 < 100)" wait_until 8 only_vip b 192.0.2.100 a
rm -f "$T/down_a"
check "a's priority back to 150" wait_until 4 node_log_has a '\[VI_1\] effective priority 90 -> 150'
check "a preempts b" wait_until 8 only_vip a 192.0.2.100 b

# track_file: value -100, weight 1.
echo -100 >"$T/tf"
check "a's priority drops to 50" wait_until 4 node_log_has a '\[VI_1\] effective priority 150 -> 50'
check "b takes over" wait_until 8 only_vip b 192.0.2.100 a
echo 0 >"$T/tf"
check "a preempts back" wait_until 8 only_vip a 192.0.2.100 b

# track_interface with weight 0: FAULT.
ip -n "$NS-a" link set eth9 down
check "a enters FAULT" wait_until 3 node_log_has a '\[VI_1\] MASTER -> FAULT \(fault\)'
check "a released the VIP, b takes over" wait_until 8 only_vip b 192.0.2.100 a
ip -n "$NS-a" link set eth9 up
check "a leaves FAULT" wait_until 3 node_log_has a '\[VI_1\] FAULT -> BACKUP \(fault cleared\)'
check "a preempts after the fault" wait_until 8 only_vip a 192.0.2.100 b
stop_node a
wait_until 3 grep -q "STOP" "$T/notify.log"

# Notify lines, in order.
expected="INSTANCE VI_1 BACKUP 150
master
INSTANCE VI_1 MASTER 150
INSTANCE VI_1 BACKUP 90
master
INSTANCE VI_1 MASTER 150
INSTANCE VI_1 BACKUP 50
master
INSTANCE VI_1 MASTER 150
INSTANCE VI_1 FAULT 150
INSTANCE VI_1 BACKUP 150
master
INSTANCE VI_1 MASTER 150
INSTANCE VI_1 STOP 150"
got=$(cat "$T/notify.log" 2>/dev/null)
check "notify scripts ran in transition order" test "$got" = "$expected"
[ "$got" = "$expected" ] || { echo "# got:"; echo "$got" | sed 's/^/#   /'; }
stop_node b
finish
