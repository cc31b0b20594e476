# The asymmetric model (docs/system.md, the default): mail1 serves, mail2 is its idle standby.
# mailha.json keeps MailHa's one-pair shape (Vip, Mirror, the nodes' Role).
HOSTS=(mail1 mail2)
ONE_PAIR=1
#           service  nodes        VIP            label      host name  mail domain  module    store                          state file
lab_service jt-mail  mail1,mail2  "$SVC_NET.10"  eth0:mail  mail.lab   mail.lab     msgstore  /srv/msgstore/store/partition  /srv/state/mailha-roles
