using System.Net;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Topology;

/// <summary>
/// Cross-field rules the attributes cannot express: each node's files and addresses, and the shape of the
/// services (<see cref="TopologyResolver"/>). Every failure names its key.
/// </summary>
public sealed class TopologyOptionsValidator(IOptions<MirrorOptions> mirror) : IValidateOptions<TopologyOptions>
{
    public ValidateOptionsResult Validate(string? name, TopologyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        for (var i = 0; i < options.Nodes.Count; i++)
        {
            var node = options.Nodes[i];
            if (!string.IsNullOrEmpty(node.KeyPath) && !File.Exists(node.KeyPath))
            {
                failures.Add($"MailHa:Nodes:{i}:KeyPath: no private key file at '{node.KeyPath}'.");
            }

            CheckAddress(failures, $"MailHa:Nodes:{i}:ServiceAddress", node.ServiceAddress);
            CheckAddress(failures, $"MailHa:Nodes:{i}:MirrorAddress", node.MirrorAddress);
            if (!Uri.TryCreate(node.LdapUrl, UriKind.Absolute, out var ldap) || (ldap.Scheme != "ldap" && ldap.Scheme != "ldaps"))
            {
                failures.Add($"MailHa:Nodes:{i}:LdapUrl: '{node.LdapUrl}' is not an ldap:// or ldaps:// URL.");
            }
        }

        if (MirrorDefaults() is { } defaults)
        {
            TopologyResolver.Resolve(options, defaults, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary><c>MailHa:Mirror</c>, or null when it is itself invalid: its own validation names those keys.</summary>
    private MirrorOptions? MirrorDefaults()
    {
        try
        {
            return mirror.Value;
        }
        catch (OptionsValidationException)
        {
            return null;
        }
    }

    private static void CheckAddress(List<string> failures, string key, string value)
    {
        if (!string.IsNullOrEmpty(value) && !IPAddress.TryParse(value, out _))
        {
            failures.Add($"{key}: '{value}' is not an IP address.");
        }
    }
}

/// <summary>Source-generated data-annotation validation, recursing into nodes, the VIP and the services.</summary>
[OptionsValidator]
public sealed partial class TopologyAttributesValidator : IValidateOptions<TopologyOptions>;
