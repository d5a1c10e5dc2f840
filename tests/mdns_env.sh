# mdns_env.sh: two hosts on one machine, for the mDNS tests (sourced by
# tests/it_mdns.sh). Two network namespaces joined by a veth pair, each with
# its own D-Bus system bus (socket in the scratch dir) and its own
# avahi-daemon restricted to the veth, in a private mount namespace with a
# tmpfs on /run/avahi-daemon so neither daemon sees the other's (or the
# machine's) pid file and socket.
#
#   menv_up DIR        create hosts a (10.77.0.1) and b (10.77.0.2); with
#                      MENV_IPV6=1 an IPv6-only LAN instead: a (fd77::1)
#                      and b (fd77::2), each with its link-local address too;
#                      with MENV_DUAL=1 both, as on most LANs: IPv4 and
#                      IPv6 addresses, avahi speaking both; with
#                      MENV_THIRD=1 also host c (10.78.0.2) on a second
#                      network, which host a joins with a second interface
#                      (10.78.0.1): a PC with two networks
#   menv_in HOST CMD   run CMD on a host with that host's D-Bus
#   menv_avahi_start HOST / menv_avahi_stop HOST
#   menv_down          kill everything started here, delete the namespaces
#
# Names carry the shell's pid so concurrent runs never collide.

MENV_ID=$$
MENV_IPV6=${MENV_IPV6:-0}
MENV_DUAL=${MENV_DUAL:-0}
MENV_THIRD=${MENV_THIRD:-0}
MENV_DIR=
MENV_PIDS=

menv_ns() { echo "goiso-m$MENV_ID-$1"; }
menv_if() { echo "gm$MENV_ID$1"; }

menv_bus() { echo "unix:path=$MENV_DIR/$1/bus.sock"; }

menv_in() {
	h=$1; shift
	ip netns exec "$(menv_ns "$h")" env DBUS_SYSTEM_BUS_ADDRESS="$(menv_bus "$h")" "$@"
}

# menv_bg HOST LOG CMD...: starts CMD in the background on a host, output
# appended to LOG; MENV_LAST is its pid (ip and env exec, so the pid is
# the command's own: killing it kills the command, wait reaps it).
menv_bg() {
	h=$1 log=$2; shift 2
	ip netns exec "$(menv_ns "$h")" env DBUS_SYSTEM_BUS_ADDRESS="$(menv_bus "$h")" "$@" >>"$log" 2>&1 &
	MENV_LAST=$!
}

# menv_wait_file FILE TENTHS: waits until FILE exists.
menv_wait_file() {
	i=0
	while [ ! -e "$1" ]; do
		i=$((i + 1)); [ "$i" -gt "$2" ] && return 1
		sleep 0.1
	done
}

# menv_wait_line FILE TEXT TENTHS: until FILE has a line with TEXT, at
# most TENTHS tenths of a second; 1 when it never came.
menv_wait_line() {
	i=0
	until grep -q "$2" "$1" 2>/dev/null; do
		i=$((i + 1)); [ "$i" -gt "$3" ] && return 1
		sleep 0.1
	done
}

menv_dbus_conf() {
	cat <<XML
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$MENV_DIR/$1/bus.sock</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_type="method_return"/>
    <allow send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
    <allow receive_type="signal"/>
  </policy>
</busconfig>
XML
}

menv_avahi_conf() {
	cat <<INI
[server]
host-name=goiso-$1-$MENV_ID
domain-name=local
use-ipv4=$([ "$MENV_IPV6" = 1 ] && [ "$MENV_DUAL" != 1 ] && echo no || echo yes)
use-ipv6=$([ "$MENV_IPV6" = 1 ] || [ "$MENV_DUAL" = 1 ] && echo yes || echo no)
allow-interfaces=$(menv_if "$1")$([ "$1" = a ] && [ "$MENV_THIRD" = 1 ] && echo ",$(menv_if ac)")
enable-dbus=yes
ratelimit-interval-usec=1000000
ratelimit-burst=1000
[wide-area]
enable-wide-area=no
[publish]
publish-hinfo=no
publish-workstation=no
publish-addresses=yes
[reflector]
[rlimits]
INI
}

menv_track() { MENV_PIDS="$MENV_PIDS $1"; }

menv_host_up() {
	h=$1 addr=$2 addr6=${3:-}
	mkdir -p "$MENV_DIR/$h"
	ip netns exec "$(menv_ns "$h")" ip link set lo up
	if [ -n "$addr6" ]; then
		ip netns exec "$(menv_ns "$h")" sysctl -qw "net.ipv6.conf.$(menv_if "$h").accept_dad=0"
		ip netns exec "$(menv_ns "$h")" ip addr add "$addr/24" dev "$(menv_if "$h")"
		ip netns exec "$(menv_ns "$h")" ip -6 addr add "$addr6/64" dev "$(menv_if "$h")" nodad
	elif [ "$MENV_IPV6" = 1 ]; then
		# no duplicate address detection: the addresses are usable (and
		# announced) at once, not after a second or two of "tentative"
		ip netns exec "$(menv_ns "$h")" sysctl -qw "net.ipv6.conf.$(menv_if "$h").accept_dad=0"
		ip netns exec "$(menv_ns "$h")" ip -6 addr add "$addr/64" dev "$(menv_if "$h")" nodad
	else
		ip netns exec "$(menv_ns "$h")" ip addr add "$addr/24" dev "$(menv_if "$h")"
	fi
	ip netns exec "$(menv_ns "$h")" ip link set "$(menv_if "$h")" up
	menv_dbus_conf "$h" > "$MENV_DIR/$h/dbus.conf"
	menv_avahi_conf "$h" > "$MENV_DIR/$h/avahi.conf"
	ip netns exec "$(menv_ns "$h")" dbus-daemon --nofork \
		--config-file="$MENV_DIR/$h/dbus.conf" >"$MENV_DIR/$h/dbus.log" 2>&1 &
	echo $! > "$MENV_DIR/$h/dbus.pid"
	menv_track $!
	menv_wait_file "$MENV_DIR/$h/bus.sock" 50 || { echo "menv: no D-Bus on $h"; return 1; }
}

# Starts avahi-daemon on host h; returns once it answers on D-Bus.
menv_avahi_start() {
	h=$1
	mkdir -p /run/avahi-daemon
	menv_bg "$h" "$MENV_DIR/$h/avahi.log" unshare -m sh -c \
		'mount -t tmpfs tmpfs /run/avahi-daemon && exec avahi-daemon -f "$0" --no-drop-root --no-chroot --no-rlimits' \
		"$MENV_DIR/$h/avahi.conf"
	echo "$MENV_LAST" > "$MENV_DIR/$h/avahi.pid"
	menv_track "$MENV_LAST"
	i=0
	until menv_in "$h" avahi-browse -at -p >/dev/null 2>&1; do
		i=$((i + 1)); [ "$i" -gt 100 ] && { echo "menv: avahi did not start on $h"; return 1; }
		sleep 0.05
	done
}

menv_avahi_stop() {
	p=$(cat "$MENV_DIR/$1/avahi.pid" 2>/dev/null) || return 0
	kill "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	rm -f "$MENV_DIR/$1/avahi.pid"
}

menv_up() {
	MENV_DIR=$1
	ip netns add "$(menv_ns a)" || return 1
	ip netns add "$(menv_ns b)" || return 1
	ip link add "$(menv_if a)" netns "$(menv_ns a)" type veth \
		peer name "$(menv_if b)" netns "$(menv_ns b)" || return 1
	if [ "$MENV_DUAL" = 1 ]; then
		menv_host_up a 10.77.0.1 fd77::1 && menv_host_up b 10.77.0.2 fd77::2
	elif [ "$MENV_IPV6" = 1 ]; then
		menv_host_up a fd77::1 && menv_host_up b fd77::2
	else
		menv_host_up a 10.77.0.1 && menv_host_up b 10.77.0.2
	fi &&
	menv_third &&
	menv_avahi_start a && menv_avahi_start b &&
	{ [ "$MENV_THIRD" != 1 ] || menv_avahi_start c; }
}

# Host c, and host a's second interface to it (MENV_THIRD=1 only).
menv_third() {
	[ "$MENV_THIRD" = 1 ] || return 0
	ip netns add "$(menv_ns c)" &&
	ip link add "$(menv_if ac)" netns "$(menv_ns a)" type veth \
		peer name "$(menv_if c)" netns "$(menv_ns c)" &&
	ip netns exec "$(menv_ns a)" ip addr add 10.78.0.1/24 dev "$(menv_if ac)" &&
	ip netns exec "$(menv_ns a)" ip link set "$(menv_if ac)" up &&
	menv_host_up c 10.78.0.2
}

menv_down() {
	for p in $MENV_PIDS; do kill "$p" 2>/dev/null; done
	for p in $MENV_PIDS; do wait "$p" 2>/dev/null; done
	MENV_PIDS=
	ip netns del "$(menv_ns a)" 2>/dev/null
	ip netns del "$(menv_ns b)" 2>/dev/null
	ip netns del "$(menv_ns c)" 2>/dev/null
	return 0
}
