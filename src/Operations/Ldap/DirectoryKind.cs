namespace MailHa.Operations.Ldap;

public enum DirectoryKind
{
    OpenLdap,
    SunOne,
}
