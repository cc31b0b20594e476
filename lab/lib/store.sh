# lab/lib/store.sh: The message store: seeded Maildirs, sentinel, rsync password file.
# Sourced by lab/lab (see lab/README.md); defines functions and constants only.

# One message file with small but realistic RFC 822 content.
write_msg() { # file n user folder
  local file=$1 n=$2 user=$3 folder=$4 from to
  if [[ $folder == Sent ]]; then from=$user; to=user$(printf '%02d' $(( (n % SEED_USERS) + 1 ))); else from=user$(printf '%02d' $(( (n % SEED_USERS) + 1 ))); to=$user; fi
  printf '%s\n' \
    "Return-Path: <$from@$VIP_HOSTNAME>" \
    "Received: from mail1.lab by mail1.lab (MailHa-lab) id $n; Mon, 3 Jun 2024 10:00:00 +0000" \
    "Date: Mon, 3 Jun 2024 10:00:00 +0000" \
    "From: $from <$from@$VIP_HOSTNAME>" \
    "To: $to <$to@$VIP_HOSTNAME>" \
    "Subject: lab message $n in $user/$folder" \
    "Message-ID: <$n.$user.$folder@$VIP_HOSTNAME>" \
    "MIME-Version: 1.0" \
    "Content-Type: text/plain; charset=us-ascii" \
    "" \
    "Hello $to," \
    "" \
    "this is message $n of the MailHa lab store." \
    "" \
    "-- $from" >"$file"
}

# mail1's /srv: a message store like the seed's (users' folders of message files) plus the sentinel;
# mail2's /srv: an identical copy, as if the mirror had just run. Each folder is a Maildir
# (<user>/<folder>/{cur,new,tmp}, one file per message): Postfix delivers into INBOX/new and Dovecot
# serves the same files over IMAP.
seed_srv() {
  local s1=$RUN/mail1/srv st u user folder m n
  st=$(host_path mail1 "$STORE")
  mkdir -p "$st" "$s1/etc" "$(host_path mail1 "$STATE_DIR")"
  for ((u = 1; u <= SEED_USERS; u++)); do
    user=user$(printf '%02d' "$u")
    for folder in INBOX Sent; do
      mkdir -p "$st/$user/$folder/cur" "$st/$user/$folder/new" "$st/$user/$folder/tmp"
      for ((m = 1; m <= SEED_MSGS; m++)); do
        if [[ $folder == INBOX ]]; then n=$((1000 + u * 10 + m)); else n=$((5000 + u * 10 + m)); fi
        write_msg "$st/$user/$folder/cur/$n.msg" "$n" "$user" "$folder"
      done
    done
  done
  echo "MailHa sentinel: this store is mounted and healthy. Do not delete." >"$st/$SENTINEL"
  chown -R mail:mail "$s1/msgstore"
  chown root:root "$st/$SENTINEL"
  find "$s1/msgstore" -exec touch -h -d '2024-06-03 10:00:00 UTC' {} +
  chmod 0700 "$(host_path mail1 "$STATE_DIR")"
  mkdir -p "$RUN/mail2/srv"
  cp -a "$s1/msgstore" "$s1/etc" "$s1/state" "$RUN/mail2/srv/"
  local h
  for h in "${HOSTS[@]}"; do
    echo "$h" >"$RUN/$h/srv/etc/lab-host"     # lets a check prove which /srv a process sees
    (umask 077; printf '%s\n' "$RSYNC_PASSWORD" >"$(host_path "$h" "$RSYNC_PASS_PATH")")
    chown root:root "$(host_path "$h" "$RSYNC_PASS_PATH")"
  done
}
