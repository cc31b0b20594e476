# lab/lib/topology.sh: which hosts the lab runs and which services they serve, read from
# lab/topologies/<name>.sh (lab up --topology NAME; kept in $RUN/topology for the verbs after up).
# Sourced by lab/lab (see lab/README.md); defines functions and constants only.

TOPOLOGY=asymmetric                 # lab up --topology: asymmetric (default), symmetric or n+1
TOPOLOGIES=(asymmetric symmetric n+1)
ONE_PAIR=1                          # 1: mailha.json in the one-pair shape (Vip, Mirror, Role); 0: Nodes + Services
STANDBY_CAPACITY=1                  # lab up --standby-capacity N: the n+1 standby's Capacity
NPLUS1_SERVICES=2                   # lab up --services N: how many services (and home hosts) the n+1 lab has, 1-8
MSGSTORE=/srv/msgstore              # every service's store lives below it, on every host that may run it
SERVICE_NAMES=()                    # in the topology file's order; the first is the asymmetric lab's only one
declare -A SVC_NODES SVC_VIP SVC_LABEL SVC_HOSTNAME SVC_DOMAIN SVC_MODULE SVC_STORE SVC_STATE HOST_CAPACITY

# One line of a topology file: a service, the ordered nodes that may run it (first = home), its VIP,
# label and host name, the mail domain delivered into its store, its rsync module, store and state file.
lab_service() { # name nodes(a,b,...) vip label hostname domain module store statefile
  (($# == 9)) || die "topology $TOPOLOGY: lab_service needs 9 fields, got $#: $*"
  local name=$1 n
  SERVICE_NAMES+=("$name")
  SVC_NODES[$name]=${2//,/ }; SVC_VIP[$name]=$3; SVC_LABEL[$name]=$4; SVC_HOSTNAME[$name]=$5
  SVC_DOMAIN[$name]=$6; SVC_MODULE[$name]=$7; SVC_STORE[$name]=$8; SVC_STATE[$name]=$9
  for n in ${SVC_NODES[$name]}; do
    [[ " ${HOSTS[*]} " == *" $n "* ]] || die "topology $TOPOLOGY: service $name names host $n, not one of ${HOSTS[*]}"
  done
  [[ $3 =~ ^$SVC_NET\.[0-9]+$ && ${3##*.} -ge 10 && ${3##*.} -le 253 ]] || die "topology $TOPOLOGY: VIP $3 of $name is not $SVC_NET.10-253"
  [[ $8 == "$MSGSTORE"/* ]] || die "topology $TOPOLOGY: the store of $name must be under $MSGSTORE"
}

set_topology() {
  local t
  for t in "${TOPOLOGIES[@]}"; do [[ $1 == "$t" ]] && { TOPOLOGY=$1; return 0; }; done
  die "unknown topology '$1' (expected one of: ${TOPOLOGIES[*]})"
}

# Reads lab/topologies/$TOPOLOGY.sh. The first service also sets the one-service names the asymmetric lab
# has always used (VIP, VIP_LABEL, VIP_HOSTNAME, MAIL_DOMAIN, STORE, RSYNC_MODULE).
read_topology() {
  SERVICE_NAMES=(); HOST_CAPACITY=()
  # shellcheck source=/dev/null
  . "$LAB_DIR/topologies/$TOPOLOGY.sh"
  ((${#SERVICE_NAMES[@]})) || die "topology $TOPOLOGY names no service"
  local first=${SERVICE_NAMES[0]}
  VIP=${SVC_VIP[$first]}; VIP_LABEL=${SVC_LABEL[$first]}; VIP_HOSTNAME=${SVC_HOSTNAME[$first]}
  MAIL_DOMAIN=${SVC_DOMAIN[$first]}; STORE=${SVC_STORE[$first]}; RSYNC_MODULE=${SVC_MODULE[$first]}
}

# The topology of a lab that is up (verbs after 'up').
load_topology() {
  set_topology "$(cat "$RUN/topology" 2>/dev/null || echo asymmetric)"
  STANDBY_CAPACITY=$(cat "$RUN/standby-capacity" 2>/dev/null || echo 1)
  NPLUS1_SERVICES=$(cat "$RUN/services" 2>/dev/null || echo 2)
  read_topology
}

svc_home() { local n; read -r n _ <<<"${SVC_NODES[$1]}"; echo "$n"; }
# The services host $1 may run, in the topology's order.
host_services() {
  local s out=()
  for s in "${SERVICE_NAMES[@]}"; do [[ " ${SVC_NODES[$s]} " == *" $1 "* ]] && out+=("$s"); done
  echo "${out[*]}"
}
peers_of() { local h out=(); for h in "${HOSTS[@]}"; do [[ $h != "$1" ]] && out+=("$h"); done; echo "${out[*]}"; }
