# The N+1 model: mail1 and mail2 each home to one service, mail3 the standby of both. Its Capacity (how
# many services it may run at once) is 1 unless lab up --standby-capacity says otherwise.
HOSTS=(mail1 mail2 mail3)
ONE_PAIR=0
HOST_CAPACITY[mail3]=$STANDBY_CAPACITY
#           service    nodes        VIP            label   host name      mail domain  module      store                                    state file
lab_service jt-mail-a  mail1,mail3  "$SVC_NET.10"  eth0:a  jt-mail-a.lab  a.mail.lab   msgstore-a  /srv/msgstore/jt-mail-a/store/partition  /srv/state/mailha-roles-jt-mail-a
lab_service jt-mail-b  mail2,mail3  "$SVC_NET.11"  eth0:b  jt-mail-b.lab  b.mail.lab   msgstore-b  /srv/msgstore/jt-mail-b/store/partition  /srv/state/mailha-roles-jt-mail-b
