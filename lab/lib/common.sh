# lab/lib/common.sh: Constants and small helpers: names, paths, per-host addresses, checks, the lock, polling.
# Sourced by lab/lab (see lab/README.md); defines functions and constants only.

# ---------------------------------------------------------------------------------------------
# Constants
# ---------------------------------------------------------------------------------------------
RUN=${MAILHA_LAB_RUN:-$LAB_DIR/.run}
RUN_MARKER=.mailha-lab-run          # a $RUN we may rm -rf always holds this file
MADE_DIRS=made-dirs                  # directories outside $RUN that up created (mount points), one a line
LOCK_FILE=/run/lock/mailha-lab.lock # serialises mutating verbs (lives outside $RUN, which down removes)

PREFIX=mha
HOSTS=(mail1 mail2)                 # set by the topology (lab/topologies/*.sh), as are each service's VIP,
                                    # label, host name, mail domain, store, rsync module and state file
SVC_NET=198.18.15                   # service network, /24
MIR_NET=198.18.16                   # mirror network, /24
BR_SVC=mha-br0
BR_MIR=mha-br1
ROOT_HOSTPART=254                   # root namespace's address on each bridge
VIP_PREFIX=24
VIP_IF=eth0

RSYNC_PASS_PATH=/srv/etc/rsync.pass
STATE_DIR=/srv/state
SENTINEL=.mailha-sentinel
RSYNC_USER=mail

DIRECTORY=openldap                  # lab up --directory: openldap (default) or 389ds; kept in $RUN/directory
LDAP_BIND_DN="cn=Directory Manager,o=internet"   # OpenLDAP's rootdn; 389 DS has its own (cn=Directory Manager)
REPLICATED_SUFFIXES=(o=internet o=pab o=usergroup)
LOCAL_SUFFIXES=(o=comms-config)

SERVICES=(sshd slapd rsyncd smtp imap http)   # daemons per host, in start order (smtp: Postfix, imap: Dovecot)
MAIL_UID=8                           # 'mail' owns the store (Debian's fixed uid/gid 8)
SEED_USERS=20
SEED_MSGS=3                          # per folder


# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------
log() { printf 'lab: %s\n' "$*" >&2; }
die() { printf 'lab: error: %s\n' "$*" >&2; exit 1; }

now_ms() { local t; t=$(date +%s%N); echo $((t / 1000000)); }

# Per-host names. Host names are validated before use, so "mail1" -> index 1.
host_idx()  { echo "${1#mail}"; }
host_ns()   { echo "$PREFIX-$1"; }
svc_addr()  { echo "$SVC_NET.$(host_idx "$1")"; }
mir_addr()  { echo "$MIR_NET.$(host_idx "$1")"; }
veth_svc()  { echo "$PREFIX-m$(host_idx "$1")-svc"; }   # root-side ends; the namespace ends become eth0/eth1
veth_mir()  { echo "$PREFIX-m$(host_idx "$1")-mir"; }
host_path() { echo "$RUN/$1/srv${2#/srv}"; }   # host path (/srv/...) as seen from the root namespace
host_port() { case $1 in sshd) echo 22 ;; slapd) echo 389 ;; rsyncd) echo 873 ;; smtp) echo 25 ;; imap) echo 143 ;; http) echo 80 ;; esac; }

check_host() {
  [[ -n ${1:-} && " ${HOSTS[*]} " == *" $1 "* ]] && return 0
  local expected=${HOSTS[*]}
  die "unknown host '${1:-}' (expected ${expected// / or })"
}
check_svc() {
  local s
  for s in "${SERVICES[@]}" ldap; do [[ ${1:-} == "$s" ]] && return 0; done
  die "unknown service '${1:-}' (expected one of: ${SERVICES[*]}, or ldap)"
}
# 'ldap' names the directory daemon of either flavour (slapd or 389 DS's ns-slapd), recorded as slapd-<host>.
svc_name() { if [[ $1 == ldap ]]; then echo slapd; else echo "$1"; fi; }

# Paths end up unquoted in sshd_config, rsyncd.conf, slapd.conf and socat addresses: keep them plain.
check_run_path() {
  [[ $RUN == /* ]] || die "run dir must be absolute: $RUN"
  [[ $RUN =~ ^/[A-Za-z0-9._/-]+$ ]] || die "run dir may only contain letters, digits, '.', '_', '-', '/': $RUN"
  [[ $RUN != / && ${RUN%/} != "" ]] || die "refusing run dir /"
  case "$RUN/" in /srv/*) die "run dir must not be under /srv (each host bind-mounts its own /srv)" ;; esac
}

need_root() { [[ $EUID -eq 0 ]] || die "the lab needs root (network namespaces need CAP_NET_ADMIN); run it as root"; }

need_tools() {
  local missing=() t
  for t in ip ss arping socat rsync sshd:/usr/sbin/sshd ssh ssh-keygen slapd:/usr/sbin/slapd slappasswd:/usr/sbin/slappasswd \
           ldapsearch ldapadd ldapmodify nsenter unshare setsid flock timeout \
           postfix:/usr/sbin/postfix master:/usr/lib/postfix/sbin/master dovecot:/usr/sbin/dovecot; do
    local name=${t%%:*} path=${t#*:}
    if [[ $t == *:* ]]; then [[ -x $path ]] || missing+=("$name"); else command -v "$name" >/dev/null || missing+=("$name"); fi
  done
  ((${#missing[@]} == 0)) || die "missing tools: ${missing[*]} (apt-get install openssh-server openssh-client rsync slapd ldap-utils iproute2 iputils-arping socat util-linux postfix dovecot-imapd; or run .ci/install-deps)"
  [[ -d /usr/lib/ldap && -f /etc/ldap/schema/core.schema ]] || die "OpenLDAP modules/schemas not found under /usr/lib/ldap, /etc/ldap/schema"
  if [[ $DIRECTORY == 389ds ]]; then
    [[ -x /usr/sbin/ns-slapd && -x /usr/sbin/dscreate && -d /etc/dirsrv ]] || die "389 Directory Server not found (apt-get install 389-ds-base; or run .ci/install-deps)"
    id dirsrv >/dev/null 2>&1 || die "user dirsrv missing (389-ds-base not installed completely)"
  fi
}

# Take the global lab lock on fd 9. Every daemon is spawned with 9>&- so no daemon inherits it.
# A caller that queued on the tests' lock with flock(1) but without -o hands us that lock's descriptor: close
# it first, or the daemons of 'up' would keep the tests' lock held long after the caller ended.
take_lock() {
  local fd
  for fd in /proc/$$/fd/*; do
    fd=${fd##*/}
    ((fd > 2 && fd != 9)) || continue
    [[ $(readlink "/proc/$$/fd/$fd" 2>/dev/null) == /run/lock/mailha-lab-tests.lock ]] && eval "exec $fd>&-"
  done
  mkdir -p "$(dirname "$LOCK_FILE")"
  exec 9>"$LOCK_FILE"
  flock -w 120 9 || die "another 'lab' command has held $LOCK_FILE for 2 minutes"
}

# Wait until "$@" succeeds, polling every 0.1 s, for at most $1 seconds.
wait_for() {
  local secs=$1; shift
  local deadline=$(( $(now_ms) + secs * 1000 ))
  while :; do
    "$@" && return 0
    (( $(now_ms) < deadline )) || return 1
    sleep 0.1
  done
}

random_secret() { local s; s=$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9'); echo "${s:0:24}"; }
