namespace MailHa.Operations.Journal;

/// <summary>
/// The service that owns what the journal recorded before MailHa kept state per service (one pair's roles, operations,
/// mirror runs and lease): the first configured service, which is the implicit one of a configuration without
/// <c>Services</c>. Read when the journal first opens, after the configuration was validated.
/// </summary>
public sealed class LegacyServiceOwner(Func<string> service)
{
    public string Service => service();
}
