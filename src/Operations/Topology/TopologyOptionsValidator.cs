using System.Net;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Topology;

/// <summary>Cross-field rules the attributes cannot express. Every failure names its key.</summary>
public sealed class TopologyOptionsValidator : IValidateOptions<TopologyOptions>
{
    public ValidateOptionsResult Validate(string? name, TopologyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (options.Nodes.Count != 2)
        {
            failures.Add($"MailHa:Nodes: exactly two nodes are required (a primary and a standby); found {options.Nodes.Count}.");
        }
        else
        {
            if (options.Nodes.Count(n => n.Role == NodeRole.Primary) != 1)
            {
                failures.Add("MailHa:Nodes: exactly one node must have Role 'Primary' and one 'Standby'.");
            }

            if (string.Equals(options.Nodes[0].Name, options.Nodes[1].Name, StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"MailHa:Nodes:1:Name: duplicates MailHa:Nodes:0:Name ('{options.Nodes[0].Name}').");
            }
        }

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

        CheckAddress(failures, "MailHa:Vip:Address", options.Vip.Address);
        if (options.Nodes.Any(n => n.ServiceAddress == options.Vip.Address))
        {
            failures.Add("MailHa:Vip:Address: must differ from every node's ServiceAddress.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckAddress(List<string> failures, string key, string value)
    {
        if (!string.IsNullOrEmpty(value) && !IPAddress.TryParse(value, out _))
        {
            failures.Add($"{key}: '{value}' is not an IP address.");
        }
    }
}

/// <summary>Source-generated data-annotation validation, recursing into nodes and the VIP.</summary>
[OptionsValidator]
public sealed partial class TopologyAttributesValidator : IValidateOptions<TopologyOptions>;
