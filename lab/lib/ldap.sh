# lab/lib/ldap.sh: The directory, either flavour: LDAP client helpers, seed, replication in sync.
# Sourced by lab/lab (see lab/README.md); defines functions and constants only.

# The flavour of a lab that is up (verbs after 'up'), and the bind DN that goes with it.
load_directory() {
  DIRECTORY=$(cat "$RUN/directory" 2>/dev/null || echo openldap)
  set_directory "$DIRECTORY"
}
set_directory() {
  case $1 in
    openldap) DIRECTORY=openldap ;;
    389ds) DIRECTORY=389ds; LDAP_BIND_DN="cn=Directory Manager" ;;
    *) die "unknown directory '$1' (expected openldap or 389ds)" ;;
  esac
}

# ---------------------------------------------------------------------------------------------
# LDAP
# ---------------------------------------------------------------------------------------------
ldap_url() { echo "ldap://$(svc_addr "$1"):389"; }
ldap_bind_args() { printf '%s\n' -x -D "$LDAP_BIND_DN" -y "$RUN/secrets/ldap-bind.pass" -o nettimeout=3 -o ldif_wrap=no; }

lsearch() { # host base [args...]
  local h=$1 base=$2; shift 2
  local -a b; mapfile -t b < <(ldap_bind_args)
  timeout 10 ldapsearch -LLL "${b[@]}" -H "$(ldap_url "$h")" -b "$base" "$@"
}
lmodify() { # host [ldapmodify args...] < ldif
  local h=$1; shift
  local -a b; mapfile -t b < <(ldap_bind_args)
  timeout 10 ldapmodify -a "${b[@]}" -H "$(ldap_url "$h")" "$@" >/dev/null
}

ldap_up() { lsearch "$1" "" -s base namingContexts >/dev/null 2>&1; }

seed_ldap() {
  local u user
  {
    cat <<EOF
dn: o=internet
objectClass: organization
o: internet
description: MailHa lab: accounts (replicated)

dn: ou=People,o=internet
objectClass: organizationalUnit
ou: People

EOF
    for ((u = 1; u <= SEED_USERS; u++)); do
      user=user$(printf '%02d' "$u")
      cat <<EOF
dn: uid=$user,ou=People,o=internet
objectClass: inetOrgPerson
uid: $user
cn: Lab User $u
sn: User$u
givenName: Lab
mail: $user@$MAIL_DOMAIN
userPassword: lab-$user

EOF
    done
    cat <<EOF
dn: o=pab
objectClass: organization
o: pab
description: MailHa lab: personal address books (replicated)

dn: ou=user01,o=pab
objectClass: organizationalUnit
ou: user01

dn: cn=Alice Example,ou=user01,o=pab
objectClass: inetOrgPerson
cn: Alice Example
sn: Example
mail: alice@example.org

dn: cn=Bob Example,ou=user01,o=pab
objectClass: inetOrgPerson
cn: Bob Example
sn: Example
mail: bob@example.org

dn: o=usergroup
objectClass: organization
o: usergroup
description: MailHa lab: users and groups (replicated)

dn: ou=Groups,o=usergroup
objectClass: organizationalUnit
ou: Groups

dn: cn=staff,ou=Groups,o=usergroup
objectClass: groupOfNames
cn: staff
member: uid=user01,ou=People,o=internet
member: uid=user02,ou=People,o=internet
member: uid=user03,ou=People,o=internet

EOF
  } >"$RUN/seed-replicated.ldif"
  if [[ $DIRECTORY == 389ds ]]; then   # dscreate made the suffix entries already
    awk -v RS= -v ORS='\n\n' '!/^dn: o=(internet|pab|usergroup)\n/' "$RUN/seed-replicated.ldif" >"$RUN/seed-replicated.ldif.tmp"
    mv "$RUN/seed-replicated.ldif.tmp" "$RUN/seed-replicated.ldif"
  fi
  lmodify mail1 -f "$RUN/seed-replicated.ldif" || die "seeding the directory on mail1 failed (see $RUN/mail1/slapd.log)"
  # o=comms-config: each server's own, different content per host, never replicated
  local h
  for h in "${HOSTS[@]}"; do
    # dscreate made the suffix entry of a 389 DS already
    { [[ $DIRECTORY == 389ds ]] || printf '%s\n' "dn: o=comms-config" "objectClass: organization" "o: comms-config" \
        "description: configuration of $h only (not replicated)" ""
      cat <<EOF
dn: cn=$h,o=comms-config
objectClass: device
cn: $h
description: local.hostname=$h.lab
EOF
    } | lmodify "$h" || die "seeding o=comms-config on $h failed"
  done
}

context_csns() { # host suffix -> sorted contextCSN values
  lsearch "$1" "$2" -s base contextCSN 2>/dev/null | awk '/^contextCSN: /{print $2}' | sort
}

ldap_in_sync() {
  [[ $DIRECTORY == 389ds ]] && { dirsrv_in_sync; return; }
  local s a b h
  for s in "${REPLICATED_SUFFIXES[@]}"; do
    a=$(context_csns mail1 "$s")
    for h in $(peers_of mail1); do b=$(context_csns "$h" "$s"); [[ -n $a && $a == "$b" ]] || return 1; done
  done
  # the last seeded entry is on every other host too
  for h in $(peers_of mail1); do [[ -n $(lsearch "$h" "cn=staff,ou=Groups,o=usergroup" -s base dn 2>/dev/null) ]] || return 1; done
}
