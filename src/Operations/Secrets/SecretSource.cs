namespace MailHa.Operations.Secrets;

public enum SecretSource
{
    File,
    Environment,
}
