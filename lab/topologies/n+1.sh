# The N+1 model: N hosts each home to one service, one more host the standby of them all. N is 2 unless
# lab up --services says otherwise (1-8: mail1..mailN home to jt-mail-a, jt-mail-b, ...; mail(N+1) the standby,
# its VIPs 198.18.15.10 upwards; 8 services use mail1..mail9 and .10-.17). The standby's Capacity (how many
# services it may run at once) is 1 unless lab up --standby-capacity says otherwise.
HOSTS=()
for ((i = 1; i <= NPLUS1_SERVICES + 1; i++)); do HOSTS+=("mail$i"); done   # mail1 .. mail9: 198.18.15.1-9
standby=mail$((NPLUS1_SERVICES + 1))
ONE_PAIR=0
HOST_CAPACITY[$standby]=$STANDBY_CAPACITY
letters=(a b c d e f g h)
for ((i = 0; i < NPLUS1_SERVICES; i++)); do
  l=${letters[i]}
  #           service     nodes                  VIP                     label    host name       mail domain   module       store                                     state file
  lab_service "jt-mail-$l" "mail$((i + 1)),$standby" "$SVC_NET.$((10 + i))" "eth0:$l" "jt-mail-$l.lab" "$l.mail.lab" "msgstore-$l" "/srv/msgstore/jt-mail-$l/store/partition" "/srv/state/mailha-roles-jt-mail-$l"
done
unset i l letters standby
