# lab/lib/mailha-json.sh: What the lab hands to MailHa and the tests: mailha.json and lab.env.
# Sourced by lab/lab (see lab/README.md); defines functions and constants only.

# ---------------------------------------------------------------------------------------------
# Configuration for MailHa
# ---------------------------------------------------------------------------------------------
# The asymmetric lab writes MailHa's one-pair shape (Vip, Mirror, the nodes' Role), which the existing tests
# and the backward-compatibility test load; the others write Nodes (Capacity where the topology sets one)
# and Services, each with its VIP and its store's Mirror keys over the shared MailHa:Mirror defaults.
node_json() { # host [role]
  local h=$1
  cat <<EOF
      {
        "Name": "$h",
$( [[ -n ${2:-} ]] && echo "        \"Role\": \"$2\"," )$( [[ -n ${HOST_CAPACITY[$h]:-} ]] && echo "        \"Capacity\": ${HOST_CAPACITY[$h]}," )
        "Platform": "Linux",
        "Host": "$(svc_addr "$h")",
        "Port": 22,
        "User": "root",
        "KeyPath": "$RUN/id_ed25519",
        "HostKeyFingerprint": "$(host_fingerprint "$h")",
        "ServiceAddress": "$(svc_addr "$h")",
        "MirrorAddress": "$(mir_addr "$h")",
        "LdapUrl": "$(ldap_url "$h")"
      }
EOF
}

nodes_json() {
  local h out=() i
  if ((ONE_PAIR)); then
    out=("$(node_json mail1 Primary)" "$(node_json mail2 Standby)")
  else
    for h in "${HOSTS[@]}"; do out+=("$(node_json "$h")"); done
  fi
  for ((i = 0; i < ${#out[@]}; i++)); do printf '%s%s\n' "${out[i]}" "$( ((i < ${#out[@]} - 1)) && echo , )"; done
}

vip_json() { # indent address label hostname announce-pid-file
  cat <<EOF | sed "s/^/$1/"
"Vip": {
  "Address": "$2",
  "PrefixLength": $VIP_PREFIX,
  "Interface": "$VIP_IF",
  "Label": "$3",
  "HostName": "$4",
  "ServicePort": 25,
  "ImapPort": 143,
  "ProbeTimeout": "00:00:02",
  "AnnouncePidFile": "$5"
},
EOF
}

# The one pair's VIP, or every service with its VIP and store.
vip_or_services_json() {
  local s i nodes
  if ((ONE_PAIR)); then
    vip_json "    " "$VIP" "$VIP_LABEL" "$VIP_HOSTNAME" "$STATE_DIR/mailha-vip-announce.pid"
    return
  fi
  echo '    "Services": ['
  for ((i = 0; i < ${#SERVICE_NAMES[@]}; i++)); do
    s=${SERVICE_NAMES[i]}
    # shellcheck disable=SC2086
    nodes=$(json_list ${SVC_NODES[$s]})
    printf '      {\n        "Name": "%s",\n        "Nodes": %s,\n' "$s" "$nodes"
    vip_json "        " "${SVC_VIP[$s]}" "${SVC_LABEL[$s]}" "${SVC_HOSTNAME[$s]}" "$STATE_DIR/mailha-vip-announce-$s.pid"
    cat <<EOF
        "Mirror": {
          "Module": "${SVC_MODULE[$s]}",
          "StorePath": "${SVC_STORE[$s]}",
          "StateFile": "${SVC_STATE[$s]}",
          "QueueCountCommand": "$(queue_count_json "${SVC_DOMAIN[$s]}")"
        }
      }$( ((i < ${#SERVICE_NAMES[@]} - 1)) && echo , )
EOF
  done
  echo '    ],'
}

# Postfix's count of queued messages (any queue: incoming, active, deferred, hold) with a recipient in one domain, as
# a JSON string's content: what a move waits to reach 0 on the old active node before its final sync (runbook §8).
queue_count_json() { # domain
  local d=${1//./[.]}
  printf '%s' 'postqueue -j | awk '\''/\"address\": *\"[^\"]*@'"$d"'\"/ {n++} END {print n+0}'\'
}

json_list() { local out="" x; for x in "$@"; do out+="${out:+, }\"$x\""; done; echo "[ $out ]"; }

write_mailha_json() {
  local fp h
  for h in "${HOSTS[@]}"; do
    fp=$(host_fingerprint "$h")
    [[ $fp =~ ^SHA256:[A-Za-z0-9+/]{43}$ ]] || die "unexpected host key fingerprint for $h: $fp"
  done
  cat >"$RUN/mailha.json" <<EOF
{
  "MailHa": {
    "Nodes": [
$(nodes_json)
    ],
$(vip_or_services_json)
    "Ssh": {
      "ConnectTimeout": "00:00:02",
      "CommandTimeout": "00:00:20"
    },
    "Mirror": {
$( ((ONE_PAIR)) && echo "      \"Module\": \"$RSYNC_MODULE\"," )
      "User": "$RSYNC_USER",
$( ((ONE_PAIR)) && echo "      \"StorePath\": \"$STORE\"," )
      "PasswordFile": "$RSYNC_PASS_PATH",
$( ((ONE_PAIR)) && echo "      \"StateFile\": \"${SVC_STATE[${SERVICE_NAMES[0]}]}\"," )
      "SentinelFile": "$SENTINEL",
      "Cron": "*/10 * * * *",
      "MaxDelete": 200,
      "MaxFileCountDrop": 0.5,
      "Compress": true,
$( ((ONE_PAIR)) && echo "      \"QueueCountCommand\": \"$(queue_count_json "${SVC_DOMAIN[${SERVICE_NAMES[0]}]}")\"," )
      "QueueFlushCommand": "postqueue -f",
      "DrainTimeout": "00:00:10"
    },
    "Directory": {
      "Kind": "$( [[ $DIRECTORY == 389ds ]] && echo SunOne || echo OpenLdap )",
      "BindDn": "$LDAP_BIND_DN",
      "BindPassword": "file:$RUN/secrets/ldap-bind.pass",
      "ReplicatedSuffixes": $(json_list "${REPLICATED_SUFFIXES[@]}"),
      "NonReplicatedSuffixes": $(json_list "${LOCAL_SUFFIXES[@]}"),
      "CanaryDn": "cn=mailha-canary,o=usergroup",
      "Timeout": "00:00:03"
    },
    "Storage": {
      "DatabasePath": "$RUN/mailha.db"
    },
    "Console": { "Enabled": true, "Mode": "Demo" },
    "People": [
      { "Name": "alice", "Roles": [ "Read", "Request", "Approve" ], "Console": [ { "Tenant": "local", "User": "alice" } ] },
      { "Name": "bob", "Roles": [ "Read", "Request", "Approve" ], "Console": [ { "Tenant": "local", "User": "bob" } ] },
      { "Name": "carol", "Roles": [ "Read" ], "Console": [ { "Tenant": "local", "User": "carol" } ] }
    ]
  },
  "Urls": "http://127.0.0.1:8080"
}
EOF
  sed -i '/^[[:space:]]*$/d' "$RUN/mailha.json"   # the lines a shape leaves out
}

write_lab_env() {
  local h H s S
  {
    echo "# MailHa lab environment (generated by lab/lab up); source it: . $RUN/lab.env"
    echo "MAILHA_LAB_RUN='$RUN'"
    echo "LAB_SCRIPT='$LAB_SCRIPT'"
    echo "LAB_CONFIG='$RUN/mailha.json'"
    echo "LAB_PIDS_DIR='$RUN/pids'"
    echo "LAB_SSH_KEY='$RUN/id_ed25519'"
    echo "LAB_SSH_CONFIG='$RUN/ssh_config'"
    echo "LAB_KNOWN_HOSTS='$RUN/known_hosts'"
    echo "LAB_DIRECTORY='$DIRECTORY'   # openldap or 389ds"
    echo "LAB_LDAP_BIND_DN='$LDAP_BIND_DN'"
    echo "LAB_LDAP_BIND_PW_FILE='$RUN/secrets/ldap-bind.pass'"
    echo "LAB_RSYNC_SECRET_FILE='$RUN/secrets/rsync.pass'   # the rsync module password, for tools in the root namespace"
    echo "LAB_RSYNC_PASSWORD_FILE='$RSYNC_PASS_PATH'   # path inside each host"
    echo "LAB_STORE='$STORE'   # path inside each host"
    echo "LAB_VIP='$VIP'"
    echo "LAB_SENDER='127.0.0.1:$SENDER_PORT'   # the sending MTA (root namespace): SMTP in, relays to the VIP"
    echo "LAB_VIP_LABEL='$VIP_LABEL'"
    echo "LAB_TOPOLOGY='$TOPOLOGY'   # asymmetric, symmetric or n+1"
    echo "LAB_HOSTS='${HOSTS[*]}'"
    echo "LAB_SERVICES='${SERVICE_NAMES[*]}'   # LAB_VIP, LAB_VIP_LABEL and LAB_STORE are the first one's"
    for s in "${SERVICE_NAMES[@]}"; do
      S=${s^^}; S=${S//[^A-Z0-9]/_}
      echo "LAB_SERVICE_${S}_NODES='${SVC_NODES[$s]}'"
      echo "LAB_SERVICE_${S}_VIP='${SVC_VIP[$s]}'"
      echo "LAB_SERVICE_${S}_DOMAIN='${SVC_DOMAIN[$s]}'"
      echo "LAB_SERVICE_${S}_MODULE='${SVC_MODULE[$s]}'"
      echo "LAB_SERVICE_${S}_STORE='${SVC_STORE[$s]}'"
    done
    for h in "${HOSTS[@]}"; do
      H=${h^^}
      echo "LAB_${H}_NS='$(host_ns "$h")'"
      echo "LAB_${H}_ADDR='$(svc_addr "$h")'"
      echo "LAB_${H}_MIRROR_ADDR='$(mir_addr "$h")'"
      echo "LAB_${H}_LDAP_URL='$(ldap_url "$h")'"
      echo "LAB_${H}_SRV='$RUN/$h/srv'   # the host's /srv, seen from the root namespace"
      echo "LAB_${H}_HOLDER_PID='$(<"$RUN/pids/holder-$h.pid")'"
      echo "LAB_${H}_HOSTKEY_FINGERPRINT='$(host_fingerprint "$h")'"
    done
  } >"$RUN/lab.env"
}
