namespace MailHa.Operations.Roles;

/// <summary>What a node's own state file says (it may lag the journal if the node was unreachable).</summary>
public sealed record NodeRoleRecord(long Generation, string Active, string Standby, bool MirrorPaused)
{
    /// <summary>Parses the <c>key=value</c> state file; null when it is absent or unreadable.</summary>
    public static NodeRoleRecord? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .GroupBy(parts => parts[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);
        if (!values.TryGetValue("generation", out var g) || !long.TryParse(g, out var generation)
            || !values.TryGetValue("active", out var active) || !values.TryGetValue("standby", out var standby))
        {
            return null;
        }

        return new NodeRoleRecord(generation, active, standby, values.GetValueOrDefault("paused") == "1");
    }
}
