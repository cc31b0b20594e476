namespace MailHa.Operations.Topology;

/// <summary>
/// Why <see cref="MailTopology.Resolve"/> names no service, as a value (<paramref name="Configured"/>: the services there
/// are, in configuration order). <see cref="Describe"/> is its one sentence: the refusal, the parse error and the
/// operation's answer all say it.
/// </summary>
public abstract record ServiceUnresolved(IReadOnlyList<ServiceName> Configured)
{
    public abstract string Describe();
}

/// <summary>No configured service is named <paramref name="Name"/> (a name typed, or kept in a request from before it was removed).</summary>
public sealed record NoSuchService(string Name, IReadOnlyList<ServiceName> Configured) : ServiceUnresolved(Configured)
{
    public override string Describe() => $"no service named '{Name}' (configured: {string.Join(", ", Configured)})";
}

/// <summary>None was named and several are configured: which one is meant is the operator's to say.</summary>
public sealed record NoServiceNamed(IReadOnlyList<ServiceName> Configured) : ServiceUnresolved(Configured)
{
    public override string Describe() => $"{Configured.Count} services are configured ({string.Join(", ", Configured)}): name one";
}
