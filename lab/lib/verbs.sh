# lab/lib/verbs.sh: The verbs: up, down, status, cut/restore, stop/start, exec; usage and dispatch.
# Sourced by lab/lab (see lab/README.md); defines functions and constants only.

# ---------------------------------------------------------------------------------------------
# Verbs
# ---------------------------------------------------------------------------------------------
cmd_up() {
  local services_given=0
  while (($#)); do
    case $1 in
      --directory) (($# > 1)) || die "--directory needs a value (openldap or 389ds)"; set_directory "$2"; shift 2 ;;
      --directory=*) set_directory "${1#*=}"; shift ;;
      --topology) (($# > 1)) || die "--topology needs a value (${TOPOLOGIES[*]})"; set_topology "$2"; shift 2 ;;
      --topology=*) set_topology "${1#*=}"; shift ;;
      --standby-capacity) (($# > 1)) || die "--standby-capacity needs a value (1-9)"; STANDBY_CAPACITY=$2; shift 2 ;;
      --standby-capacity=*) STANDBY_CAPACITY=${1#*=}; shift ;;
      --services) (($# > 1)) || die "--services needs a value (1-8)"; NPLUS1_SERVICES=$2; services_given=1; shift 2 ;;
      --services=*) NPLUS1_SERVICES=${1#*=}; services_given=1; shift ;;
      *) die "unknown option for up: $1" ;;
    esac
  done
  [[ $STANDBY_CAPACITY =~ ^[1-9]$ ]] || die "--standby-capacity must be 1-9, got '$STANDBY_CAPACITY'"
  [[ $NPLUS1_SERVICES =~ ^[1-8]$ ]] || die "--services must be 1-8 (hosts mail1..mail9 in $SVC_NET.0/24), got '$NPLUS1_SERVICES'"
  ((services_given == 0)) || [[ $TOPOLOGY == n+1 ]] || die "--services applies to --topology n+1 only (this is $TOPOLOGY)"
  read_topology
  need_root; need_tools; check_run_path; take_lock
  local t0; t0=$(now_ms)
  if leftovers_exist; then
    log "tearing down a previous lab first"
    teardown
  fi
  # teardown removes a $RUN of ours; one still there is someone else's directory: never write into it
  [[ ! -e $RUN ]] || die "$RUN exists and was not made by lab (no $RUN_MARKER); choose another MAILHA_LAB_RUN"
  [[ -d /srv ]] || mkdir /srv   # mount point for each host's private /srv
  mkdir -p /run/sshd && chmod 0755 /run/sshd  # sshd's privilege separation directory

  # From here on, any failure tears down what we built (unless MAILHA_LAB_KEEP_ON_FAIL=1).
  trap 'rc=$?; if ((rc)); then log "lab up failed"; if [[ ${MAILHA_LAB_KEEP_ON_FAIL:-0} == 1 ]]; then log "keeping $RUN for inspection (MAILHA_LAB_KEEP_ON_FAIL=1); run lab down"; else teardown || true; fi; fi' EXIT
  trap 'exit 130' INT; trap 'exit 143' TERM HUP   # a killed 'up' (test timeout) still cleans up

  mkdir -p "$RUN" "$RUN/pids" "$RUN/faults" "$RUN/sender"
  local h s
  for h in "${HOSTS[@]}"; do mkdir -p "$RUN/$h"; done
  chmod 0755 "$RUN"
  : >"$RUN/$RUN_MARKER"
  echo "$DIRECTORY" >"$RUN/directory"
  echo "$TOPOLOGY" >"$RUN/topology"
  echo "$STANDBY_CAPACITY" >"$RUN/standby-capacity"
  echo "$NPLUS1_SERVICES" >"$RUN/services"
  [[ $DIRECTORY == 389ds ]] && make_mount_points "${DIRSRV_MOUNTS[@]#*:}"   # for each host's own (bind mounts)
  (umask 077; mkdir -p "$RUN/secrets")

  RSYNC_PASSWORD=$(random_secret)
  LDAP_PASSWORD=$(random_secret)
  LDAP_ROOTPW_HASH=$(slappasswd -h '{SSHA}' -s "$LDAP_PASSWORD")
  (umask 077; printf '%s' "$LDAP_PASSWORD" >"$RUN/secrets/ldap-bind.pass"; printf '%s' "$RSYNC_PASSWORD" >"$RUN/secrets/rsync.pass")

  build_network
  gen_keys
  seed_srv
  for h in "${HOSTS[@]}"; do
    write_host_etc "$h"; write_sshd_config "$h"; write_rsyncd_config "$h"
    if [[ $DIRECTORY == 389ds ]]; then write_dirsrv_config "$h"; else write_slapd_config "$h"; fi
    write_postfix_config "$h"; write_dovecot_config "$h"; write_standins "$h"
  done
  write_sender_config
  for h in "${HOSTS[@]}"; do start_holder "$h"; done
  if [[ $DIRECTORY == 389ds ]]; then   # both at once: dscreate takes a while
    local pids=() p
    for h in "${HOSTS[@]}"; do create_dirsrv "$h" & pids+=($!); done
    for p in "${pids[@]}"; do wait "$p" || die "creating the 389 DS instances failed"; done
  fi
  for s in "${SERVICE_NAMES[@]}"; do add_vip "$(svc_home "$s")" "$s"; done
  for h in "${HOSTS[@]}"; do for s in "${SERVICES[@]}"; do start_svc "$h" "$s"; done; done
  for h in "${HOSTS[@]}"; do for s in "${SERVICES[@]}"; do wait_svc "$h" "$s"; done; done
  start_sender

  for h in "${HOSTS[@]}"; do wait_for 15 ldap_up "$h" || die "slapd on $h does not answer LDAP: $(tail -n 8 "$RUN/$h/slapd.log")"; done
  seed_ldap
  if [[ $DIRECTORY == 389ds ]]; then
    setup_389_replication
    dirsrv_settle
    wait_for 60 ldap_in_sync || die "389 DS did not replicate to $(peers_of mail1) within 60 s; see $RUN/mail*/dirsrv/log/slapd-localhost/errors"
    dirsrv_replicating
  else
    # 30 s for two hosts, 10 s more for each further one (every host consumes every other: 8 + 1 hosts take longer)
    wait_for $((10 * ${#HOSTS[@]} + 10)) ldap_in_sync || die "directory did not replicate to $(peers_of mail1) within $((10 * ${#HOSTS[@]} + 10)) s (contextCSN mail1: $(context_csns mail1 o=internet | tr '\n' ' '), mail2: $(context_csns mail2 o=internet | tr '\n' ' ')); see $RUN/mail*/slapd.log"
  fi

  for h in "${HOSTS[@]}"; do check_ssh "$h"; done
  local banner home
  for s in "${SERVICE_NAMES[@]}"; do
    home=$(svc_home "$s")
    banner=$(smtp_banner "${SVC_VIP[$s]}") || true
    [[ $banner == "220 $home.lab "* ]] || die "SMTP on the VIP ${SVC_VIP[$s]} does not answer with $home's banner (got: '${banner}')"
    banner=$(imap_banner "${SVC_VIP[$s]}") || true
    [[ $banner == "* OK "*" $home.lab IMAP "* ]] || die "IMAP on the VIP ${SVC_VIP[$s]} does not answer with $home's greeting (got: '${banner}')"
  done

  write_mailha_json
  write_lab_env
  trap - EXIT
  local dt=$(( $(now_ms) - t0 ))
  echo "lab is up in $((dt / 1000)).$(( (dt % 1000) / 100 )) s"
  if ((ONE_PAIR)); then
    cat <<EOF
  mail1  ns $(host_ns mail1)  service $(svc_addr mail1)  mirror $(mir_addr mail1)  (primary, holds VIP $VIP)
  mail2  ns $(host_ns mail2)  service $(svc_addr mail2)  mirror $(mir_addr mail2)  (standby)
EOF
  else
    echo "  topology $TOPOLOGY"
    for h in "${HOSTS[@]}"; do
      echo "  $h  ns $(host_ns "$h")  service $(svc_addr "$h")  mirror $(mir_addr "$h")${HOST_CAPACITY[$h]:+  capacity ${HOST_CAPACITY[$h]}}"
    done
    for s in "${SERVICE_NAMES[@]}"; do
      echo "  $s  VIP ${SVC_VIP[$s]} (${SVC_HOSTNAME[$s]}, ${SVC_LABEL[$s]})  nodes ${SVC_NODES[$s]// /, }  @${SVC_DOMAIN[$s]}  module ${SVC_MODULE[$s]}  held by $(svc_home "$s")"
    done
  fi
  cat <<EOF
  config   $RUN/mailha.json
  env      $RUN/lab.env
  ssh      ssh -F $RUN/ssh_config mail1
  sender   127.0.0.1:$SENDER_PORT (Postfix in the root namespace, relays to $( ((ONE_PAIR)) && echo "$VIP:25 only" || echo "each service's VIP" ))
  ldap     $DIRECTORY, bind DN "$LDAP_BIND_DN", password file $RUN/secrets/ldap-bind.pass
EOF
}

cmd_down() {
  need_root; check_run_path; take_lock
  teardown
  echo "lab is down"
}

cmd_status() {
  need_root; check_run_path
  local ok=0 h s ns pid state link f
  echo "namespaces: $(mha_namespaces | tr '\n' ' ')"
  for h in "${HOSTS[@]}"; do
    ns=$(host_ns "$h")
    if ! ip netns list 2>/dev/null | grep -qw "$ns"; then echo "$h: namespace $ns missing"; ok=1; continue; fi
    printf '%s (%s):\n' "$h" "$ns"
    for link in "$(veth_svc "$h")" "$(veth_mir "$h")"; do
      state=$(ip -br link show "$link" 2>/dev/null | awk '{print $2}') || state=""
      printf '  link %-11s %s\n' "$link" "${state:-missing}"
      [[ $state == UP ]] || ok=1
    done
    for s in holder "${SERVICES[@]}"; do
      if pid=$(recorded_pid "$s-$h"); then printf '  %-7s running (pid %s)\n' "$s" "$pid"; else printf '  %-7s NOT running\n' "$s"; ok=1; fi
    done
    { ip -n "$ns" -o -4 addr show 2>/dev/null || echo "  (cannot read addresses of $ns)"; } \
      | awk '/^ / { print; next } { l = ""; for (i = 2; i <= NF; i++) if ($i == "valid_lft") { l = $(i - 1); break }; sub(/\\$/, "", l); printf "  addr    %-5s %-16s label %s\n", $2, $4, l }'
  done
  if pid=$(recorded_pid smtp-sender); then echo "sender: running (pid $pid) on 127.0.0.1:$SENDER_PORT"; else echo "sender: NOT running"; ok=1; fi
  for link in "$BR_SVC" "$BR_MIR"; do
    state=$(ip -br link show "$link" 2>/dev/null | awk '{print $2}') || state=""
    printf 'bridge %s %s\n' "$link" "${state:-missing}"
    [[ -n $state ]] || ok=1
  done
  local holders faults=() vip name
  for s in "${SERVICE_NAMES[@]}"; do
    vip=${SVC_VIP[$s]}; holders=$(vip_holders "$vip")
    if ((ONE_PAIR)); then name=""; else name=" ($s)"; fi
    case $holders in
      "") echo "VIP $vip$name held by: nobody"; ok=1 ;;
      *" "*) echo "VIP $vip$name held by: $holders (SPLIT BRAIN: more than one host)"; ok=1 ;;
      *) echo "VIP $vip$name held by: $holders" ;;
    esac
  done
  for f in "$RUN"/faults/*; do faults+=("$(basename "$f")"); done
  ((${#faults[@]})) && echo "faults injected: ${faults[*]}"
  [[ -f $RUN/mailha.json ]] && echo "config: $RUN/mailha.json" || ok=1
  if ((ok == 0)); then echo "status: all up"; else echo "status: NOT all up"; fi
  return "$ok"
}

cmd_cut() { need_root; check_host "${1:-}"; take_lock; [[ -d $RUN/faults ]] || die "lab is not up"; : >"$RUN/faults/cut-$1"; apply_links; echo "cut $1 (service and mirror links down)"; }
cmd_restore() { need_root; check_host "${1:-}"; take_lock; [[ -d $RUN/faults ]] || die "lab is not up"; rm -f "$RUN/faults/cut-$1"; apply_links; echo "restored $1"; }
cmd_cut_mirror() { need_root; take_lock; [[ -d $RUN/faults ]] || die "lab is not up"; : >"$RUN/faults/cut-mirror"; apply_links; echo "mirror network cut"; }
cmd_restore_mirror() { need_root; take_lock; [[ -d $RUN/faults ]] || die "lab is not up"; rm -f "$RUN/faults/cut-mirror" "$RUN/faults/slow-mirror"; apply_links; echo "mirror network restored"; }
cmd_slow_mirror() {
  need_root; [[ ${1:-} =~ ^[0-9]{1,3}$ ]] || die "slow-mirror needs whole seconds (0-999), got '${1:-}'"
  take_lock; [[ -d $RUN/faults ]] || die "lab is not up"
  echo "$1" >"$RUN/faults/slow-mirror"; echo "every transfer from an rsync daemon now starts $1 s late"
}

cmd_stop() {
  need_root; check_host "${1:-}"; check_svc "${2:-}"; take_lock; load_directory
  stop_svc "$1" "$(svc_name "$2")"
  echo "stopped $2 on $1"
}

cmd_start() {
  need_root; check_host "${1:-}"; check_svc "${2:-}"; take_lock; load_directory
  local pid s; s=$(svc_name "$2")
  if pid=$(recorded_pid "$s-$1"); then echo "$2 on $1 already running (pid $pid)"; return 0; fi
  start_svc "$1" "$s"
  wait_svc "$1" "$s"
  if [[ $s == slapd && $DIRECTORY == 389ds ]]; then
    wait_for 15 ldap_up "$1" || die "389 DS on $1 does not answer LDAP: $(tail -n 8 "$RUN/$1/slapd.log")"
    dirsrv_replicating
  fi
  echo "started $2 on $1 (pid $(<"$RUN/pids/$s-$1.pid"))"
}

cmd_exec() {
  need_root; check_host "${1:-}"
  local h=$1; shift
  (($#)) || set -- bash
  local hp; hp=$(holder_pid "$h")
  exec nsenter -t "$hp" -m -n -u -- "$@"
}

usage() {
  cat <<'EOF'
usage: lab <verb> [args]
  up [--topology T] [--directory KIND] [--standby-capacity N] [--services N]
                           build the lab (tears down a leftover first); writes $RUN/mailha.json, $RUN/lab.env
                           T: asymmetric (default: mail1 serves, mail2 standby), symmetric (mail1 and mail2 each
                           home to one service) or n+1 (mail1, mail2 home to a and b, mail3 their standby with
                           Capacity N, default 1); --services N (n+1 only, 1-8, default 2): mail1..mailN home
                           to jt-mail-a, jt-mail-b, ..., mail(N+1) their standby; see lab/topologies/
                           KIND: openldap (default, slapd) or 389ds (389 Directory Servers, Directory:Kind SunOne)
  down                     stop everything, delete namespaces/links, remove $RUN
  status                   show namespaces, links, daemons, VIP holder; exit 0 only if all up
  cut <host>               take the host's service and mirror links down (host unreachable); host: mail1, mail2 (mail3, ... in n+1)
  restore <host>           undo cut
  cut-mirror               take the mirror network down between the hosts
  restore-mirror           undo cut-mirror and slow-mirror
  slow-mirror SECONDS      every transfer from an rsync daemon starts SECONDS late (its pre-xfer exec waits)
  stop <host> <svc>        stop one daemon (svc: sshd slapd rsyncd smtp imap http; ldap = the directory of either kind)
  start <host> <svc>       start it again
  exec <host> [cmd...]     run a command inside the host (its network, /srv and hostname)
run dir: ${MAILHA_LAB_RUN:-<dir of this script>/.run}
EOF
}

main() {
  local verb=${1:-}
  (($#)) && shift
  [[ $verb == up ]] || load_topology   # up reads the one it is given; every other verb the running lab's
  case $verb in
    up) cmd_up "$@" ;;
    down) cmd_down ;;
    status) cmd_status ;;
    cut) cmd_cut "$@" ;;
    restore) cmd_restore "$@" ;;
    cut-mirror) cmd_cut_mirror ;;
    restore-mirror) cmd_restore_mirror ;;
    slow-mirror) cmd_slow_mirror "$@" ;;
    stop) cmd_stop "$@" ;;
    start) cmd_start "$@" ;;
    exec) cmd_exec "$@" ;;
    -h|--help|help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}
