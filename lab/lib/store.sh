# lab/lib/store.sh: The message store: seeded Maildirs, sentinel, rsync password file.
# Sourced by lab/lab (see lab/README.md); defines functions and constants only.

# One message file with small but realistic RFC 822 content.
write_msg() { # file n user folder domain home
  local file=$1 n=$2 user=$3 folder=$4 domain=$5 home=$6 from to
  if [[ $folder == Sent ]]; then from=$user; to=user$(printf '%02d' $(( (n % SEED_USERS) + 1 ))); else from=user$(printf '%02d' $(( (n % SEED_USERS) + 1 ))); to=$user; fi
  printf '%s\n' \
    "Return-Path: <$from@$domain>" \
    "Received: from $home.lab by $home.lab (MailHa-lab) id $n; Mon, 3 Jun 2024 10:00:00 +0000" \
    "Date: Mon, 3 Jun 2024 10:00:00 +0000" \
    "From: $from <$from@$domain>" \
    "To: $to <$to@$domain>" \
    "Subject: lab message $n in $user/$folder" \
    "Message-ID: <$n.$user.$folder@$domain>" \
    "MIME-Version: 1.0" \
    "Content-Type: text/plain; charset=us-ascii" \
    "" \
    "Hello $to," \
    "" \
    "this is message $n of the MailHa lab store." \
    "" \
    "-- $from" >"$file"
}

# Each service's store on its home host: a message store like the seed's (users' folders of message
# files) plus the sentinel; on every other host that may run the service an identical copy, as if the
# mirror had just run. Each folder is a Maildir (<user>/<folder>/{cur,new,tmp}, one file per message):
# Postfix delivers into INBOX/new and Dovecot serves the same files over IMAP.
seed_srv() {
  local h s home st top u user folder m n
  for h in "${HOSTS[@]}"; do
    mkdir -p "$RUN/$h/srv/etc" "$(host_path "$h" "$MSGSTORE")" "$(host_path "$h" "$STATE_DIR")"
    chmod 0700 "$(host_path "$h" "$STATE_DIR")"
  done
  for s in "${SERVICE_NAMES[@]}"; do
    home=$(svc_home "$s"); st=$(host_path "$home" "${SVC_STORE[$s]}")
    top=${SVC_STORE[$s]#"$MSGSTORE"/}; top=$(host_path "$home" "$MSGSTORE/${top%%/*}")   # the tree a copy takes
    mkdir -p "$st"
    for ((u = 1; u <= SEED_USERS; u++)); do
      user=user$(printf '%02d' "$u")
      for folder in INBOX Sent; do
        mkdir -p "$st/$user/$folder/cur" "$st/$user/$folder/new" "$st/$user/$folder/tmp"
        for ((m = 1; m <= SEED_MSGS; m++)); do
          if [[ $folder == INBOX ]]; then n=$((1000 + u * 10 + m)); else n=$((5000 + u * 10 + m)); fi
          write_msg "$st/$user/$folder/cur/$n.msg" "$n" "$user" "$folder" "${SVC_DOMAIN[$s]}" "$home"
        done
      done
    done
    echo "MailHa sentinel: this store is mounted and healthy. Do not delete." >"$st/$SENTINEL"
    chown -R mail:mail "$top"
    chown root:root "$st/$SENTINEL"
    find "$top" -exec touch -h -d '2024-06-03 10:00:00 UTC' {} +
  done
  for s in "${SERVICE_NAMES[@]}"; do
    home=$(svc_home "$s")
    top=${SVC_STORE[$s]#"$MSGSTORE"/}; top=$MSGSTORE/${top%%/*}
    for h in ${SVC_NODES[$s]}; do
      [[ $h == "$home" ]] || cp -a "$(host_path "$home" "$top")" "$(host_path "$h" "$MSGSTORE")/"
    done
  done
  for h in "${HOSTS[@]}"; do
    chown mail:mail "$(host_path "$h" "$MSGSTORE")"
    touch -h -d '2024-06-03 10:00:00 UTC' "$(host_path "$h" "$MSGSTORE")"
    echo "$h" >"$RUN/$h/srv/etc/lab-host"     # lets a check prove which /srv a process sees
    (umask 077; printf '%s\n' "$RSYNC_PASSWORD" >"$(host_path "$h" "$RSYNC_PASS_PATH")")
    chown root:root "$(host_path "$h" "$RSYNC_PASS_PATH")"
  done
}
