# lab/lib/network.sh: Namespace plumbing: teardown, bridges, veths, route checks, fault links.
# Sourced by lab/lab (see lab/README.md); defines functions and constants only.

# ---------------------------------------------------------------------------------------------
# Teardown: everything named mha-*, every recorded PID, every process inside an mha namespace.
# ---------------------------------------------------------------------------------------------
mha_namespaces() { ip netns list 2>/dev/null | awk '{print $1}' | grep "^$PREFIX-" || true; }
mha_links() { ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | sed 's/@.*//' | grep "^$PREFIX-" || true; }

teardown() {
  local items=() f name pid start ns link
  # 1. recorded daemons (verified by start time)
  if [[ -d $RUN/pids ]]; then
    for f in "$RUN"/pids/*.pid; do
      name=$(basename "$f" .pid)
      pid=$(<"$f"); start=$(cat "$RUN/pids/$name.start" 2>/dev/null || echo gone)
      [[ $pid =~ ^[0-9]+$ && $start != gone ]] && items+=("$pid:$start")
    done
  fi
  kill_procs "${items[@]}"
  # 2. anything else still inside our namespaces (ssh sessions, socat children, leftovers of a crash)
  for ns in $(mha_namespaces); do
    items=()
    for pid in $(ip netns pids "$ns" 2>/dev/null); do items+=("$pid:-"); done
    kill_procs "${items[@]}"
  done
  # 3. namespaces (their veth ends go with them), then any root-side mha-* link left
  for ns in $(mha_namespaces); do ip netns del "$ns" 2>/dev/null || log "could not delete namespace $ns"; done
  for link in $(mha_links); do ip link del "$link" 2>/dev/null || true; done
  # 4. the mount points up made (only those, and only while empty), then the run dir, but only if it is
  #    ours (marker) or empty: MAILHA_LAB_RUN could point anywhere
  if [[ -f $RUN/$RUN_MARKER && -f $RUN/$MADE_DIRS ]]; then
    tac "$RUN/$MADE_DIRS" | while read -r f; do rmdir -- "$f" 2>/dev/null || log "not removing $f: not empty"; done
  fi
  if [[ -d $RUN ]]; then
    if [[ -f $RUN/$RUN_MARKER ]] || [[ -z $(ls -A "$RUN") ]]; then
      rm -rf -- "$RUN"
    else
      log "not removing $RUN: it has no $RUN_MARKER marker (not made by lab)"
    fi
  fi
  [[ -z $(mha_namespaces) && -z $(mha_links) ]] || die "teardown left namespaces/links behind: $(mha_namespaces) $(mha_links)"
}

# Creates the missing directories among the arguments (and their missing parents), each recorded in
# $RUN/$MADE_DIRS, so that teardown removes exactly those again (389 DS's /data, /run/dirsrv, ...).
make_mount_points() {
  local d missing
  for d in "$@"; do
    missing=()
    while [[ ! -e $d ]]; do missing=("$d" "${missing[@]}"); d=$(dirname "$d"); done
    for d in "${missing[@]}"; do mkdir -- "$d" && echo "$d" >>"$RUN/$MADE_DIRS"; done
  done
}

leftovers_exist() {
  [[ -n $(mha_namespaces) || -n $(mha_links) || -d $RUN ]]
}

# ---------------------------------------------------------------------------------------------
# Network
# ---------------------------------------------------------------------------------------------
# Refuse to build if anything outside the lab already uses our ranges (a foreign route would
# silently send lab traffic elsewhere).
precheck_ranges() {
  local net foreign
  for net in "$SVC_NET.0/24" "$MIR_NET.0/24"; do
    foreign=$(ip -o -4 addr show to "$net" 2>/dev/null | grep -v " $PREFIX-" || true)
    [[ -z $foreign ]] || die "address range $net is already used on this machine: $foreign"
    foreign=$(ip -4 route show to match "${net%/*}" 2>/dev/null | grep -v '^default' || true)
    [[ -z $foreign ]] || die "something already routes $net: $foreign"
  done
}

# After a bridge is up, the kernel must route the hosts' addresses through it, nowhere else.
check_route() { # addr bridge
  local r
  r=$(ip -4 route get "$1" 2>&1) || die "ip route get $1 failed: $r"
  [[ " $r " == *" dev $2 "* ]] || die "route to $1 does not go through $2 (got: $r); refusing to run the lab on this network"
}

make_bridge() { # name addr
  ip link add "$1" type bridge stp_state 0 forward_delay 0
  sysctl -qw "net.ipv6.conf.$1.disable_ipv6=1" || true  # keep the lab IPv4-only and quiet
  ip addr add "$2/24" dev "$1"
  ip link set "$1" up
}

make_host_net() { # host
  local h=$1 ns vs vm
  ns=$(host_ns "$h"); vs=$(veth_svc "$h"); vm=$(veth_mir "$h")
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 || true
  # veth pairs: root end joins the bridge, the other end moves into the namespace as eth0/eth1
  ip link add "$vs" type veth peer name "$vs-p"
  ip link add "$vm" type veth peer name "$vm-p"
  ip link set "$vs-p" netns "$ns"
  ip link set "$vm-p" netns "$ns"
  ip -n "$ns" link set "$vs-p" name eth0
  ip -n "$ns" link set "$vm-p" name eth1
  ip -n "$ns" addr add "$(svc_addr "$h")/24" dev eth0
  ip -n "$ns" addr add "$(mir_addr "$h")/24" dev eth1
  ip -n "$ns" link set eth0 up
  ip -n "$ns" link set eth1 up
  ip link set "$vs" master "$BR_SVC"
  ip link set "$vm" master "$BR_MIR"
  ip link set "$vs" up
  ip link set "$vm" up
}

build_network() {
  precheck_ranges
  make_bridge "$BR_SVC" "$SVC_NET.$ROOT_HOSTPART"
  make_bridge "$BR_MIR" "$MIR_NET.$ROOT_HOSTPART"
  check_route "$SVC_NET.1" "$BR_SVC"
  check_route "$MIR_NET.1" "$BR_MIR"
  local h
  for h in "${HOSTS[@]}"; do make_host_net "$h"; done
}

# Fault state lives in $RUN/faults; root-side link state is always derived from it, so that
# 'restore mail1' does not undo a 'cut-mirror' and vice versa.
apply_links() {
  local h want_svc want_mir
  for h in "${HOSTS[@]}"; do
    want_svc=up; want_mir=up
    [[ -f $RUN/faults/cut-$h ]] && { want_svc=down; want_mir=down; }
    [[ -f $RUN/faults/cut-mirror ]] && want_mir=down
    ip link set "$(veth_svc "$h")" "$want_svc"
    ip link set "$(veth_mir "$h")" "$want_mir"
  done
}
