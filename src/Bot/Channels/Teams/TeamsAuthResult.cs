namespace MailHa.Bot.Channels.Teams;

/// <summary>Outcome of authenticating one inbound activity.</summary>
internal abstract record TeamsAuthResult
{
    public abstract string Describe();
}

/// <summary>Every check passed: the activity comes from Bot Framework for <paramref name="TenantId"/> via <paramref name="ServiceUrl"/>.</summary>
internal sealed record TeamsAuthenticated(string ServiceUrl, string TenantId, TeamsActivity Activity) : TeamsAuthResult
{
    public override string Describe() => $"authenticated for tenant {TenantId}";
}

/// <summary>The token is valid but the body is not an activity (400).</summary>
internal sealed record TeamsActivityMalformed(string Reason) : TeamsAuthResult
{
    public override string Describe() => Reason;
}

/// <summary>A check failed; <paramref name="Reason"/> is ours (never token content) and safe to log.</summary>
internal sealed record TeamsAuthRejected(string Reason) : TeamsAuthResult
{
    public override string Describe() => Reason;
}
