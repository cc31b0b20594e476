using MailHa.Operations.Secrets;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Ldap;

/// <summary>Cross-field rules for <c>MailHa:Directory</c>. Every failure names its key.</summary>
public sealed class DirectoryOptionsValidator : IValidateOptions<DirectoryOptions>
{
    private const string Key = DirectoryOptions.Section;

    public ValidateOptionsResult Validate(string? name, DirectoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (!DistinguishedNames.TryParse(options.BindDn, out _))
        {
            failures.Add($"{Key}:BindDn: '{options.BindDn}' is not a DN.");
        }

        SecretValidation.Check(failures, $"{Key}:BindPassword", options.BindPassword);

        var replicated = ParseSuffixes(failures, "ReplicatedSuffixes", options.ReplicatedSuffixes);
        var own = ParseSuffixes(failures, "NonReplicatedSuffixes", options.NonReplicatedSuffixes);
        if (options.ReplicatedSuffixes.Count == 0)
        {
            failures.Add($"{Key}:ReplicatedSuffixes: at least one replicated suffix is required (e.g. o=internet, o=pab, o=usergroup).");
        }

        foreach (var (index, text, rdns) in own)
        {
            if (replicated.FirstOrDefault(r => SameDn(r.Rdns, rdns)) is { Text: not null } clash)
            {
                failures.Add($"{Key}:NonReplicatedSuffixes:{index}: '{text}' is also in ReplicatedSuffixes ('{clash.Text}'); a suffix is either replicated or each server's own.");
            }
        }

        CheckCanary(failures, options.CanaryDn, replicated, own);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckCanary(
        List<string> failures,
        string canaryDn,
        List<(int Index, string Text, IReadOnlyList<string> Rdns)> replicated,
        List<(int Index, string Text, IReadOnlyList<string> Rdns)> own)
    {
        const string canaryKey = $"{Key}:CanaryDn";
        if (!DistinguishedNames.TryParse(canaryDn, out var canary))
        {
            failures.Add($"{canaryKey}: '{canaryDn}' is not a DN.");
            return;
        }

        if (!DistinguishedNames.TryGetLeaf(canaryDn, out var type, out _) || !string.Equals(type, "cn", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{canaryKey}: '{canaryDn}' must be named by cn (e.g. cn=mailha-canary,o=usergroup): the probe creates it as an applicationProcess.");
        }

        // The most specific suffix holding the canary decides which database it lives in.
        var holder = replicated.Select(s => (s.Text, s.Rdns, Replicated: true))
            .Concat(own.Select(s => (s.Text, s.Rdns, Replicated: false)))
            .Where(s => DistinguishedNames.IsWithin(canary, s.Rdns))
            .OrderByDescending(s => s.Rdns.Count)
            .FirstOrDefault();
        var list = string.Join(", ", replicated.Select(s => s.Text));
        if (holder.Text is null || !holder.Replicated)
        {
            failures.Add($"{canaryKey}: '{canaryDn}' must be under a replicated suffix ({list}).");
        }
        else if (holder.Rdns.Count == canary.Count)
        {
            failures.Add($"{canaryKey}: '{canaryDn}' is the suffix itself; name an entry below it (e.g. cn=mailha-canary,{holder.Text}).");
        }
    }

    private static List<(int Index, string Text, IReadOnlyList<string> Rdns)> ParseSuffixes(List<string> failures, string listName, List<string> suffixes)
    {
        var parsed = new List<(int, string, IReadOnlyList<string>)>();
        for (var i = 0; i < suffixes.Count; i++)
        {
            if (!DistinguishedNames.TryParse(suffixes[i], out var rdns))
            {
                failures.Add($"{Key}:{listName}:{i}: '{suffixes[i]}' is not a DN.");
                continue;
            }

            if (parsed.Any(p => SameDn(p.Item3, rdns)))
            {
                failures.Add($"{Key}:{listName}:{i}: '{suffixes[i]}' is listed twice.");
                continue;
            }

            parsed.Add((i, suffixes[i], rdns));
        }

        return parsed;
    }

    private static bool SameDn(IReadOnlyList<string> a, IReadOnlyList<string> b) => a.Count == b.Count && DistinguishedNames.IsWithin(a, b);
}
